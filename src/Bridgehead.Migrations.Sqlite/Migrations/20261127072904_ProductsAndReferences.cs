using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProductsAndReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    sku = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    sku_key = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    unit_cost = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    list_price = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    production_lead_time_days = table.Column<int>(type: "INTEGER", nullable: true),
                    weekly_capacity = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reference_cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    industry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    application_id = table.Column<long>(type: "INTEGER", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    may_be_named = table.Column<bool>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reference_cases", x => x.id);
                    table.ForeignKey(
                        name: "fk_reference_cases_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_reference_cases_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reference_products",
                columns: table => new
                {
                    reference_case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reference_products", x => new { x.reference_case_id, x.product_id });
                    table.ForeignKey(
                        name: "fk_reference_products_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_reference_products_reference_cases_reference_case_id",
                        column: x => x.reference_case_id,
                        principalTable: "reference_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_products_category",
                table: "products",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "ix_products_search_name_id",
                table: "products",
                columns: new[] { "search_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_products_sku_key",
                table: "products",
                column: "sku_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reference_cases_account_id",
                table: "reference_cases",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_reference_cases_application_id",
                table: "reference_cases",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_reference_cases_search_name_id",
                table: "reference_cases",
                columns: new[] { "search_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_reference_products_product_id",
                table: "reference_products",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reference_products");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropTable(
                name: "reference_cases");
        }
    }
}
