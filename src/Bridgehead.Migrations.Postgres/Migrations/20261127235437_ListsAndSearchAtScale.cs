using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ListsAndSearchAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_opportunities_account_id_status",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_stage_status",
                table: "opportunities");

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_account_id_status_stage",
                table: "opportunities",
                columns: new[] { "account_id", "status", "stage" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_stage_status_search_name_id",
                table: "opportunities",
                columns: new[] { "stage", "status", "search_name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_opportunities_account_id_status_stage",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_stage_status_search_name_id",
                table: "opportunities");

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_account_id_status",
                table: "opportunities",
                columns: new[] { "account_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_stage_status",
                table: "opportunities",
                columns: new[] { "stage", "status" });
        }
    }
}
