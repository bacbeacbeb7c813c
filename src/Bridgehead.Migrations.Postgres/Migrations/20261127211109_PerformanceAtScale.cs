using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PerformanceAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_opportunities_owner_id",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_accounts_owner_id",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_stage_changes_move_at_opportunity_id",
                table: "stage_changes",
                columns: new[] { "move", "at", "opportunity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_closed_at",
                table: "opportunities",
                column: "closed_at",
                filter: "closed_at IS NOT NULL")
                .Annotation("Npgsql:IndexInclude", new[] { "status", "close_reason", "winning_competitor_id", "currency", "estimated_annual_value", "account_id", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_owner_id_search_name_id",
                table: "opportunities",
                columns: new[] { "owner_id", "search_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_pipeline_id_stage_currency",
                table: "opportunities",
                columns: new[] { "pipeline_id", "stage", "currency" },
                filter: "status = 'Open'")
                .Annotation("Npgsql:IndexInclude", new[] { "estimated_annual_value", "account_id" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_owner_id_id",
                table: "accounts",
                columns: new[] { "owner_id", "id" });

            // PostgreSQL only, so not in the model: search by part of a name ("contains") served by
            // trigram indexes (pg_trgm is a trusted extension: the database owner may create it),
            // and the board's card order per column (EF writes COALESCE(value, -1.0) DESC, id; the
            // expression must match it exactly for the planner to walk this index and stop).
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX ix_accounts_search_name_trgm ON accounts USING gin (search_name gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_contacts_search_name_trgm ON contacts USING gin (search_name gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_opportunities_search_name_trgm ON opportunities USING gin (search_name gin_trgm_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_opportunities_board_order ON opportunities (pipeline_id, stage, (COALESCE(estimated_annual_value, -1.0)) DESC, id) WHERE status = 'Open';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_opportunities_board_order;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_opportunities_search_name_trgm;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_contacts_search_name_trgm;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_accounts_search_name_trgm;");

            migrationBuilder.DropIndex(
                name: "ix_stage_changes_move_at_opportunity_id",
                table: "stage_changes");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_closed_at",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_owner_id_search_name_id",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_pipeline_id_stage_currency",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_accounts_owner_id_id",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_owner_id",
                table: "opportunities",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_owner_id",
                table: "accounts",
                column: "owner_id");
        }
    }
}
