// Projects the bundled world-atlas countries into SVG paths once.
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import atlas from 'world-atlas/countries-110m.json';
import { featureKey } from '../lib/countryCodes';

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 480;

export interface CountryShape {
  key: string | undefined;
  name: string;
  path: string;
}

type Countries = GeometryCollection<{ name: string }>;

function buildShapes(): CountryShape[] {
  const topology = atlas as unknown as Topology<{ countries: Countries }>;
  const collection = feature(topology, topology.objects.countries);
  const features = collection.features.filter((f) => f.properties.name !== 'Antarctica');
  const projection = geoEqualEarth().fitSize([MAP_WIDTH, MAP_HEIGHT], { type: 'FeatureCollection', features });
  const path = geoPath(projection);
  return features.map((f: Feature<Geometry, { name: string }>) => ({
    key: featureKey(f.id, f.properties.name),
    name: f.properties.name,
    path: path(f) ?? '',
  }));
}

export const COUNTRY_SHAPES: readonly CountryShape[] = buildShapes();
