//! Creates `geo_cache`, the persistent tier of the geolocation cache.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    atomic!();

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GeoCache::Table)
                    .col(string_len(GeoCache::Ip, 45).primary_key())
                    .col(string_len_null(GeoCache::CountryCode, 2))
                    .col(string_len(GeoCache::Source, 8))
                    .col(big_integer(GeoCache::ResolvedAt))
                    .col(big_integer(GeoCache::LastSeenAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_geo_cache_last_seen_at",
            GeoCache::Table,
            &[GeoCache::LastSeenAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GeoCache::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum GeoCache {
    Table,
    Ip,
    CountryCode,
    Source,
    ResolvedAt,
    LastSeenAt,
}
