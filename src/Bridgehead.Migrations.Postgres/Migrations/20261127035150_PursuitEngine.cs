using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Bridgehead.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PursuitEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "close_reason",
                table: "opportunities",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "closed_at",
                table: "opportunities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "forecast_category",
                table: "opportunities",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "pipeline_id",
                table: "opportunities",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "probability_reason",
                table: "opportunities",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "winning_competitor_id",
                table: "opportunities",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "competitors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_competitors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pipelines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name_en = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_ko = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipelines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_stages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    pipeline_id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    name_en = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    name_ko = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    skipped = table.Column<bool>(type: "boolean", nullable: false),
                    probability = table.Column<int>(type: "integer", nullable: false),
                    stalled_after_days = table.Column<int>(type: "integer", nullable: true),
                    disabled_criteria = table.Column<List<string>>(type: "text[]", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_stages", x => x.id);
                    table.ForeignKey(
                        name: "fk_pipeline_stages_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stage_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    opportunity_id = table.Column<long>(type: "bigint", nullable: false),
                    pipeline_id = table.Column<long>(type: "bigint", nullable: false),
                    move = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    to_stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    unmet_criteria = table.Column<List<string>>(type: "text[]", nullable: false),
                    close_reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    competitor_id = table.Column<long>(type: "bigint", nullable: true),
                    changed_by_id = table.Column<long>(type: "bigint", nullable: true),
                    changed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stage_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_stage_changes_competitors_competitor_id",
                        column: x => x.competitor_id,
                        principalTable: "competitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_stage_changes_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_stage_changes_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Every database starts with the standard pipeline: the ten stages with their default
            // probabilities and stall thresholds. Pursuits recorded before pipelines existed follow it.
            migrationBuilder.Sql(@"INSERT INTO pipelines (name_en, name_ko, is_default, version, created_at, updated_at)
                VALUES ('Standard', '표준', TRUE, 1, now(), now());");
            migrationBuilder.Sql(@"INSERT INTO pipeline_stages (pipeline_id, key, number, skipped, probability, stalled_after_days, disabled_criteria, version, created_at, updated_at)
                VALUES
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'prospecting', 1, FALSE, 5, 30, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'contact', 2, FALSE, 10, 30, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'needs', 3, FALSE, 20, 45, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'development', 4, FALSE, 30, 90, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'quote', 5, FALSE, 40, 30, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'feedback', 6, FALSE, 50, 30, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'negotiation', 7, FALSE, 60, 45, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'testing', 8, FALSE, 80, 120, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'orders', 9, FALSE, 100, NULL, '{}', 1, now(), now()),
                ((SELECT id FROM pipelines WHERE is_default = TRUE), 'care', 10, FALSE, 100, NULL, '{}', 1, now(), now());");
            migrationBuilder.Sql(@"UPDATE opportunities SET pipeline_id = (SELECT id FROM pipelines WHERE is_default = TRUE), forecast_category = 'Pipeline';");

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_pipeline_id_status_stage",
                table: "opportunities",
                columns: new[] { "pipeline_id", "status", "stage" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_winning_competitor_id",
                table: "opportunities",
                column: "winning_competitor_id");

            migrationBuilder.CreateIndex(
                name: "ix_competitors_search_name",
                table: "competitors",
                column: "search_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_stages_pipeline_id_key",
                table: "pipeline_stages",
                columns: new[] { "pipeline_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stage_changes_competitor_id",
                table: "stage_changes",
                column: "competitor_id");

            migrationBuilder.CreateIndex(
                name: "ix_stage_changes_opportunity_id_at",
                table: "stage_changes",
                columns: new[] { "opportunity_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_stage_changes_pipeline_id",
                table: "stage_changes",
                column: "pipeline_id");

            migrationBuilder.CreateIndex(
                name: "ix_stage_changes_to_stage_at",
                table: "stage_changes",
                columns: new[] { "to_stage", "at" });

            migrationBuilder.AddForeignKey(
                name: "fk_opportunities_competitors_winning_competitor_id",
                table: "opportunities",
                column: "winning_competitor_id",
                principalTable: "competitors",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_opportunities_pipelines_pipeline_id",
                table: "opportunities",
                column: "pipeline_id",
                principalTable: "pipelines",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_opportunities_competitors_winning_competitor_id",
                table: "opportunities");

            migrationBuilder.DropForeignKey(
                name: "fk_opportunities_pipelines_pipeline_id",
                table: "opportunities");

            migrationBuilder.DropTable(
                name: "pipeline_stages");

            migrationBuilder.DropTable(
                name: "stage_changes");

            migrationBuilder.DropTable(
                name: "competitors");

            migrationBuilder.DropTable(
                name: "pipelines");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_pipeline_id_status_stage",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_winning_competitor_id",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "close_reason",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "forecast_category",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "pipeline_id",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "probability_reason",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "winning_competitor_id",
                table: "opportunities");
        }
    }
}
