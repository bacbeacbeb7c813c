using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Bridgehead.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InsightAndExchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "products",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "orders",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "order_lines",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "opportunities",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "contacts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_id",
                table: "accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "import_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    format = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    stored_file = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    mapping = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total_rows = table.Column<int>(type: "integer", nullable: true),
                    processed_rows = table.Column<int>(type: "integer", nullable: false),
                    created_rows = table.Column<int>(type: "integer", nullable: false),
                    updated_rows = table.Column<int>(type: "integer", nullable: false),
                    unchanged_rows = table.Column<int>(type: "integer", nullable: false),
                    error_rows = table.Column<int>(type: "integer", nullable: false),
                    created_by_id = table.Column<long>(type: "bigint", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    heartbeat_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    failure = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_import_jobs_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "import_mappings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    columns = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    is_shared = table.Column<bool>(type: "boolean", nullable: false),
                    created_by_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_mappings", x => x.id);
                    table.ForeignKey(
                        name: "fk_import_mappings_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "merge_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    entity_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    survivor_id = table.Column<long>(type: "bigint", nullable: false),
                    merged_id = table.Column<long>(type: "bigint", nullable: false),
                    merged_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    snapshot = table.Column<string>(type: "text", nullable: false),
                    merged_by_id = table.Column<long>(type: "bigint", nullable: false),
                    merged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    undo_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    undone_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    undone_by_id = table.Column<long>(type: "bigint", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merge_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "import_row_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<long>(type: "bigint", nullable: false),
                    row_number = table.Column<int>(type: "integer", nullable: false),
                    field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    values = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_row_errors", x => x.id);
                    table.ForeignKey(
                        name: "fk_import_row_errors_import_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "import_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_products_external_id",
                table: "products",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_external_id",
                table: "orders",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_order_id_external_id",
                table: "order_lines",
                columns: new[] { "order_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_opportunities_external_id",
                table: "opportunities",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_contacts_external_id",
                table: "contacts",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_accounts_external_id",
                table: "accounts",
                column: "external_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_created_by_id_id",
                table: "import_jobs",
                columns: new[] { "created_by_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_import_jobs_status_heartbeat_at",
                table: "import_jobs",
                columns: new[] { "status", "heartbeat_at" });

            migrationBuilder.CreateIndex(
                name: "ix_import_mappings_created_by_id_entity_name",
                table: "import_mappings",
                columns: new[] { "created_by_id", "entity", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_import_row_errors_job_id_row_number",
                table: "import_row_errors",
                columns: new[] { "job_id", "row_number" });

            migrationBuilder.CreateIndex(
                name: "ix_merge_records_account_id",
                table: "merge_records",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_merge_records_entity_type_merged_id",
                table: "merge_records",
                columns: new[] { "entity_type", "merged_id" });

            migrationBuilder.CreateIndex(
                name: "ix_merge_records_entity_type_survivor_id",
                table: "merge_records",
                columns: new[] { "entity_type", "survivor_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "import_mappings");

            migrationBuilder.DropTable(
                name: "import_row_errors");

            migrationBuilder.DropTable(
                name: "merge_records");

            migrationBuilder.DropTable(
                name: "import_jobs");

            migrationBuilder.DropIndex(
                name: "ix_products_external_id",
                table: "products");

            migrationBuilder.DropIndex(
                name: "ix_orders_external_id",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_order_id_external_id",
                table: "order_lines");

            migrationBuilder.DropIndex(
                name: "ix_opportunities_external_id",
                table: "opportunities");

            migrationBuilder.DropIndex(
                name: "ix_contacts_external_id",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "ix_accounts_external_id",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "products");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "opportunities");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "external_id",
                table: "accounts");
        }
    }
}
