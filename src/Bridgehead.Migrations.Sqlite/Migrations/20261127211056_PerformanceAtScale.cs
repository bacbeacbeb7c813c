using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Sqlite.Migrations
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
                filter: "closed_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_owner_id_search_name_id",
                table: "opportunities",
                columns: new[] { "owner_id", "search_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_pipeline_id_stage_currency",
                table: "opportunities",
                columns: new[] { "pipeline_id", "stage", "currency" },
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_owner_id_id",
                table: "accounts",
                columns: new[] { "owner_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
