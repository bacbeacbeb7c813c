using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Bridgehead.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MarketMap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Free-text industries become classification codes where the text is a section's or
            // division's name; other text, and the free-text applications the taxonomy replaces,
            // are kept in the notes so nobody's knowledge is lost.
            migrationBuilder.Sql(MarketMapData.IndustryCodesSql);
            migrationBuilder.Sql(
                "UPDATE accounts SET notes = substr(COALESCE(notes || chr(10) || chr(10), '') || 'Industry (before the classification): ' || industry, 1, 4000), industry = NULL "
                + "WHERE industry IS NOT NULL AND industry NOT IN (" + MarketMapData.CodeList + ")");
            migrationBuilder.Sql(
                "UPDATE accounts SET notes = substr(COALESCE(notes || chr(10) || chr(10), '') || 'Applications (before the taxonomy): ' || array_to_string(applications, ', '), 1, 4000) "
                + "WHERE cardinality(applications) > 0");
            migrationBuilder.Sql(
                "UPDATE opportunities SET notes = substr(COALESCE(notes || chr(10) || chr(10), '') || 'Application (before the taxonomy): ' || application, 1, 4000) "
                + "WHERE application IS NOT NULL");

            migrationBuilder.DropColumn(
                name: "application",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "applications",
                table: "accounts");

            migrationBuilder.AddColumn<long>(
                name: "application_id",
                table: "opportunities",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entry_angle",
                table: "opportunities",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "route_decided_at",
                table: "opportunities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "route_rationale",
                table: "opportunities",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "notes",
                table: "competitors",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "price_position",
                table: "competitors",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "strengths",
                table: "competitors",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "weaknesses",
                table: "competitors",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "website",
                table: "competitors",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "industry",
                table: "accounts",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.AddColumn<int>(
                name: "employees",
                table: "accounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "fit_score",
                table: "accounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "type",
                table: "accounts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Customer");

            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    industry_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    name_en = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_ko = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    search_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "buying_center_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    opportunity_id = table.Column<long>(type: "bigint", nullable: false),
                    contact_id = table.Column<long>(type: "bigint", nullable: false),
                    department = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    influence = table.Column<int>(type: "integer", nullable: true),
                    stance = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    pains = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    our_fit = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_buying_center_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_buying_center_members_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_buying_center_members_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "fit_criteria",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dimension = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    values = table.Column<List<string>>(type: "text[]", nullable: false),
                    min_employees = table.Column<int>(type: "integer", nullable: true),
                    max_employees = table.Column<int>(type: "integer", nullable: true),
                    weight = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fit_criteria", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "incumbent_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    competitor_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incumbent_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_incumbent_events_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_incumbent_events_competitors_competitor_id",
                        column: x => x.competitor_id,
                        principalTable: "competitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "opportunity_partners",
                columns: table => new
                {
                    opportunity_id = table.Column<long>(type: "bigint", nullable: false),
                    partner_account_id = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    share_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opportunity_partners", x => new { x.opportunity_id, x.partner_account_id });
                    table.ForeignKey(
                        name: "fk_opportunity_partners_accounts_partner_account_id",
                        column: x => x.partner_account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_opportunity_partners_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supplier_shares",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    product_category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    category_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    competitor_id = table.Column<long>(type: "bigint", nullable: true),
                    share_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    annual_volume = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    volume_unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    annual_value = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_shares", x => x.id);
                    table.ForeignKey(
                        name: "fk_supplier_shares_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_supplier_shares_competitors_competitor_id",
                        column: x => x.competitor_id,
                        principalTable: "competitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "account_applications",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    application_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_applications", x => new { x.account_id, x.application_id });
                    table.ForeignKey(
                        name: "fk_account_applications_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_account_applications_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_application_id",
                table: "opportunities",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_accounts_fit_score_id",
                table: "accounts",
                columns: new[] { "fit_score", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_industry",
                table: "accounts",
                column: "industry");

            migrationBuilder.CreateIndex(
                name: "ix_account_applications_application_id",
                table: "account_applications",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_applications_industry_code_search_name",
                table: "applications",
                columns: new[] { "industry_code", "search_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_buying_center_members_account_id",
                table: "buying_center_members",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_buying_center_members_contact_id",
                table: "buying_center_members",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_buying_center_members_opportunity_id_contact_id",
                table: "buying_center_members",
                columns: new[] { "opportunity_id", "contact_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_incumbent_events_account_id_occurred_on",
                table: "incumbent_events",
                columns: new[] { "account_id", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_incumbent_events_competitor_id",
                table: "incumbent_events",
                column: "competitor_id");

            migrationBuilder.CreateIndex(
                name: "ix_incumbent_events_occurred_on_account_id",
                table: "incumbent_events",
                columns: new[] { "occurred_on", "account_id" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_partners_partner_account_id",
                table: "opportunity_partners",
                column: "partner_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_shares_account_id_category_key_as_of",
                table: "supplier_shares",
                columns: new[] { "account_id", "category_key", "as_of" });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_shares_competitor_id",
                table: "supplier_shares",
                column: "competitor_id");

            migrationBuilder.AddForeignKey(
                name: "fk_opportunities_applications_application_id",
                table: "opportunities",
                column: "application_id",
                principalTable: "applications",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_opportunities_applications_application_id",
                table: "opportunities");

            migrationBuilder.DropTable(
                name: "account_applications");

            migrationBuilder.DropTable(
                name: "buying_center_members");

            migrationBuilder.DropTable(
                name: "fit_criteria");

            migrationBuilder.DropTable(
                name: "incumbent_events");

            migrationBuilder.DropTable(
                name: "opportunity_partners");

            migrationBuilder.DropTable(
                name: "supplier_shares");

            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_application_id",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_accounts_fit_score_id",
                table: "accounts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_industry",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "application_id",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "entry_angle",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "route_decided_at",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "route_rationale",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "notes",
                table: "competitors");

            migrationBuilder.DropColumn(
                name: "price_position",
                table: "competitors");

            migrationBuilder.DropColumn(
                name: "strengths",
                table: "competitors");

            migrationBuilder.DropColumn(
                name: "weaknesses",
                table: "competitors");

            migrationBuilder.DropColumn(
                name: "website",
                table: "competitors");

            migrationBuilder.DropColumn(
                name: "employees",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "fit_score",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "type",
                table: "accounts");

            migrationBuilder.AddColumn<string>(
                name: "application",
                table: "opportunities",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "industry",
                table: "accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(2)",
                oldMaxLength: 2,
                oldNullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "applications",
                table: "accounts",
                type: "text[]",
                nullable: false);
        }
    }
}
