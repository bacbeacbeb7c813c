using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NeedsToNegotiation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "feedback",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    response = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    responded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    owner_id = table.Column<long>(type: "INTEGER", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feedback", x => x.id);
                    table.ForeignKey(
                        name: "fk_feedback_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_feedback_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_feedback_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "negotiation_terms",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    unit = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    higher_is_better = table.Column<bool>(type: "INTEGER", nullable: false),
                    opening = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    target = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    walk_away = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    agreed = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    agreed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    exception = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    exception_comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    exception_decided_by_id = table.Column<long>(type: "INTEGER", nullable: true),
                    exception_decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_negotiation_terms", x => x.id);
                    table.ForeignKey(
                        name: "fk_negotiation_terms_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_negotiation_terms_users_exception_decided_by_id",
                        column: x => x.exception_decided_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "opportunity_needs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    target_price = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    floor_price = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: true),
                    price_unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    no_reference_reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    standard_product_fits = table.Column<bool>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opportunity_needs", x => x.id);
                    table.ForeignKey(
                        name: "fk_opportunity_needs_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "product_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    status_changed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: true),
                    merged_into_id = table.Column<long>(type: "INTEGER", nullable: true),
                    raised_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_product_requests_product_requests_merged_into_id",
                        column: x => x.merged_into_id,
                        principalTable: "product_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_product_requests_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_product_requests_users_raised_by_id",
                        column: x => x.raised_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "quote_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    min_margin_percent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    max_discount_percent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quote_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "quotes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    valid_until = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    customer_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    internal_note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    subtotal = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    total = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    cost_total = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    margin = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    margin_percent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    max_discount_percent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    approval = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    approval_reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    approval_comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    approved_by_id = table.Column<long>(type: "INTEGER", nullable: true),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    answered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quotes", x => x.id);
                    table.ForeignKey(
                        name: "fk_quotes_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_quotes_users_approved_by_id",
                        column: x => x.approved_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_quotes_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "concessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    term_id = table.Column<long>(type: "INTEGER", nullable: true),
                    round = table.Column<int>(type: "INTEGER", nullable: true),
                    gave = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    got = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    gave_value = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: true),
                    conceded_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    recorded_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_concessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_concessions_negotiation_terms_term_id",
                        column: x => x.term_id,
                        principalTable: "negotiation_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_concessions_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_concessions_users_recorded_by_id",
                        column: x => x.recorded_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "negotiation_offers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    term_id = table.Column<long>(type: "INTEGER", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    side = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    offered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    approval = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    approval_comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    approved_by_id = table.Column<long>(type: "INTEGER", nullable: true),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    recorded_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_negotiation_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_negotiation_offers_negotiation_terms_term_id",
                        column: x => x.term_id,
                        principalTable: "negotiation_terms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_negotiation_offers_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_negotiation_offers_users_approved_by_id",
                        column: x => x.approved_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_negotiation_offers_users_recorded_by_id",
                        column: x => x.recorded_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "needs_references",
                columns: table => new
                {
                    needs_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reference_case_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_needs_references", x => new { x.needs_id, x.reference_case_id });
                    table.ForeignKey(
                        name: "fk_needs_references_opportunity_needs_needs_id",
                        column: x => x.needs_id,
                        principalTable: "opportunity_needs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_needs_references_reference_cases_reference_case_id",
                        column: x => x.reference_case_id,
                        principalTable: "reference_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_requirements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    needs_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    must_have = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_requirements", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_requirements_opportunity_needs_needs_id",
                        column: x => x.needs_id,
                        principalTable: "opportunity_needs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trade_offs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    needs_id = table.Column<long>(type: "INTEGER", nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    price_effect_percent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trade_offs", x => x.id);
                    table.ForeignKey(
                        name: "fk_trade_offs_opportunity_needs_needs_id",
                        column: x => x.needs_id,
                        principalTable: "opportunity_needs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "product_request_accounts",
                columns: table => new
                {
                    product_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_request_accounts", x => new { x.product_request_id, x.account_id });
                    table.ForeignKey(
                        name: "fk_product_request_accounts_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_product_request_accounts_product_requests_product_request_id",
                        column: x => x.product_request_id,
                        principalTable: "product_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "product_request_opportunities",
                columns: table => new
                {
                    product_request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    blocking = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_request_opportunities", x => new { x.product_request_id, x.opportunity_id });
                    table.ForeignKey(
                        name: "fk_product_request_opportunities_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_product_request_opportunities_product_requests_product_request_id",
                        column: x => x.product_request_id,
                        principalTable: "product_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quote_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    quote_id = table.Column<long>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    product_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    unit_price = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    discount_percent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    line_total = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    unit_cost = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quote_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_quote_lines_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_quote_lines_quotes_quote_id",
                        column: x => x.quote_id,
                        principalTable: "quotes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "value_propositions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    quote_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    value = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    basis = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_value_propositions", x => x.id);
                    table.ForeignKey(
                        name: "fk_value_propositions_quotes_quote_id",
                        column: x => x.quote_id,
                        principalTable: "quotes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_concessions_account_id",
                table: "concessions",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_concessions_opportunity_id",
                table: "concessions",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_concessions_recorded_by_id",
                table: "concessions",
                column: "recorded_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_concessions_term_id",
                table: "concessions",
                column: "term_id");

            migrationBuilder.CreateIndex(
                name: "ix_feedback_account_id",
                table: "feedback",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_feedback_contact_id",
                table: "feedback",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_feedback_opportunity_id",
                table: "feedback",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_feedback_owner_id_status_due_on",
                table: "feedback",
                columns: new[] { "owner_id", "status", "due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_needs_references_reference_case_id",
                table: "needs_references",
                column: "reference_case_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_offers_account_id",
                table: "negotiation_offers",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_offers_approval_id",
                table: "negotiation_offers",
                columns: new[] { "approval", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_offers_approved_by_id",
                table: "negotiation_offers",
                column: "approved_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_offers_opportunity_id_round",
                table: "negotiation_offers",
                columns: new[] { "opportunity_id", "round" });

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_offers_recorded_by_id",
                table: "negotiation_offers",
                column: "recorded_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_offers_term_id",
                table: "negotiation_offers",
                column: "term_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_terms_account_id",
                table: "negotiation_terms",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_terms_exception_decided_by_id",
                table: "negotiation_terms",
                column: "exception_decided_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_terms_exception_id",
                table: "negotiation_terms",
                columns: new[] { "exception", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_negotiation_terms_opportunity_id_position",
                table: "negotiation_terms",
                columns: new[] { "opportunity_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_needs_account_id",
                table: "opportunity_needs",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_opportunity_needs_opportunity_id",
                table: "opportunity_needs",
                column: "opportunity_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_product_request_accounts_account_id",
                table: "product_request_accounts",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_request_opportunities_account_id",
                table: "product_request_opportunities",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_request_opportunities_opportunity_id",
                table: "product_request_opportunities",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_requests_merged_into_id",
                table: "product_requests",
                column: "merged_into_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_requests_product_id",
                table: "product_requests",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_requests_raised_by_id",
                table: "product_requests",
                column: "raised_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_product_requests_search_name_id",
                table: "product_requests",
                columns: new[] { "search_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_product_requests_status_id",
                table: "product_requests",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_quote_lines_product_id",
                table: "quote_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_quote_lines_quote_id_position",
                table: "quote_lines",
                columns: new[] { "quote_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_quotes_account_id",
                table: "quotes",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_quotes_approval_id",
                table: "quotes",
                columns: new[] { "approval", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_quotes_approved_by_id",
                table: "quotes",
                column: "approved_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_quotes_created_by_id",
                table: "quotes",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_quotes_opportunity_id_number",
                table: "quotes",
                columns: new[] { "opportunity_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_requirements_needs_id",
                table: "service_requirements",
                column: "needs_id");

            migrationBuilder.CreateIndex(
                name: "ix_trade_offs_needs_id",
                table: "trade_offs",
                column: "needs_id");

            migrationBuilder.CreateIndex(
                name: "ix_value_propositions_quote_id",
                table: "value_propositions",
                column: "quote_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "concessions");

            migrationBuilder.DropTable(
                name: "feedback");

            migrationBuilder.DropTable(
                name: "needs_references");

            migrationBuilder.DropTable(
                name: "negotiation_offers");

            migrationBuilder.DropTable(
                name: "product_request_accounts");

            migrationBuilder.DropTable(
                name: "product_request_opportunities");

            migrationBuilder.DropTable(
                name: "quote_lines");

            migrationBuilder.DropTable(
                name: "quote_policies");

            migrationBuilder.DropTable(
                name: "service_requirements");

            migrationBuilder.DropTable(
                name: "trade_offs");

            migrationBuilder.DropTable(
                name: "value_propositions");

            migrationBuilder.DropTable(
                name: "negotiation_terms");

            migrationBuilder.DropTable(
                name: "product_requests");

            migrationBuilder.DropTable(
                name: "opportunity_needs");

            migrationBuilder.DropTable(
                name: "quotes");
        }
    }
}
