// The signed-in account, for pages and controls that depend on the role.
import { createContext, useContext } from 'react';
import type { Role } from '../gql/graphql';

export interface Viewer {
  id: string;
  username: string;
  role: Role;
}

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in account; only inside the signed-in part of the app. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside a signed-in page');
  return viewer;
}
