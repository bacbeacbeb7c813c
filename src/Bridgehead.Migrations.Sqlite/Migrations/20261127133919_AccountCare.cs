using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AccountCare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "executive_sponsor_id",
                table: "accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_strategic",
                table: "accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "account_health",
                columns: table => new
                {
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: false),
                    band = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    signals = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    scored_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_health", x => x.account_id);
                    table.ForeignKey(
                        name: "fk_account_health_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "care_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    includes_strategic = table.Column<bool>(type: "INTEGER", nullable: false),
                    min_annual_revenue = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    min_potential = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    visit_every_days = table.Column<int>(type: "INTEGER", nullable: false),
                    review_every_days = table.Column<int>(type: "INTEGER", nullable: true),
                    executive_sponsor_required = table.Column<bool>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_care_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "competitor_moves",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    competitor_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    impact = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    occurred_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: true),
                    opportunity_id = table.Column<long>(type: "INTEGER", nullable: true),
                    industry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    application_id = table.Column<long>(type: "INTEGER", nullable: true),
                    recorded_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_competitor_moves", x => x.id);
                    table.ForeignKey(
                        name: "fk_competitor_moves_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_competitor_moves_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_competitor_moves_competitors_competitor_id",
                        column: x => x.competitor_id,
                        principalTable: "competitors",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_competitor_moves_opportunities_opportunity_id",
                        column: x => x.opportunity_id,
                        principalTable: "opportunities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_competitor_moves_users_recorded_by_id",
                        column: x => x.recorded_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "email_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: true),
                    event_id = table.Column<long>(type: "INTEGER", nullable: true),
                    to = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_email_messages_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "health_snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scored_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: false),
                    band = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_health_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_health_snapshots_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    order_id = table.Column<long>(type: "INTEGER", nullable: true),
                    product_id = table.Column<long>(type: "INTEGER", nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    lot = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    defect_quantity = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    opened_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    opened_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    owner_id = table.Column<long>(type: "INTEGER", nullable: true),
                    containment_due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    contained_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    containment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    root_cause = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    corrective_action = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    preventive_action = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: true),
                    cost = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    claim_status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    claim_amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    escalation_level = table.Column<int>(type: "INTEGER", nullable: false),
                    escalated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    verification = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    verified_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    verified_by_id = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                    table.ForeignKey(
                        name: "fk_incidents_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_incidents_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_incidents_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_incidents_users_opened_by_id",
                        column: x => x.opened_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_incidents_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_incidents_users_verified_by_id",
                        column: x => x.verified_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 30, nullable: false),
                    in_app = table.Column<bool>(type: "INTEGER", nullable: false),
                    email = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.user_id, x.@event });
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 30, nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    entity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: true),
                    actor_id = table.Column<long>(type: "INTEGER", nullable: true),
                    data = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    dedup_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    dispatched_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    events = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    secret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhooks", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhooks_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "incident_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    incident_id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    step = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    owner_id = table.Column<long>(type: "INTEGER", nullable: true),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    done_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_incident_steps_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_incident_steps_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 30, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    read_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_outbox_events_event_id",
                        column: x => x.event_id,
                        principalTable: "outbox_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notifications_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    webhook_id = table.Column<long>(type: "INTEGER", nullable: false),
                    event_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 30, nullable: false),
                    payload = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    delivered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_outbox_events_event_id",
                        column: x => x.event_id,
                        principalTable: "outbox_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhooks_webhook_id",
                        column: x => x.webhook_id,
                        principalTable: "webhooks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_executive_sponsor_id",
                table: "accounts",
                column: "executive_sponsor_id");

            migrationBuilder.CreateIndex(
                name: "ix_account_health_band_score",
                table: "account_health",
                columns: new[] { "band", "score" });

            migrationBuilder.CreateIndex(
                name: "ix_care_plans_tier",
                table: "care_plans",
                column: "tier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_competitor_moves_account_id_occurred_on",
                table: "competitor_moves",
                columns: new[] { "account_id", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_competitor_moves_application_id",
                table: "competitor_moves",
                column: "application_id");

            migrationBuilder.CreateIndex(
                name: "ix_competitor_moves_competitor_id_occurred_on",
                table: "competitor_moves",
                columns: new[] { "competitor_id", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_competitor_moves_occurred_on_id",
                table: "competitor_moves",
                columns: new[] { "occurred_on", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_competitor_moves_opportunity_id",
                table: "competitor_moves",
                column: "opportunity_id");

            migrationBuilder.CreateIndex(
                name: "ix_competitor_moves_recorded_by_id",
                table: "competitor_moves",
                column: "recorded_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_status_next_attempt_at",
                table: "email_messages",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_email_messages_user_id",
                table: "email_messages",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_health_snapshots_account_id_scored_on",
                table: "health_snapshots",
                columns: new[] { "account_id", "scored_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_incident_steps_account_id",
                table: "incident_steps",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_incident_steps_incident_id_step",
                table: "incident_steps",
                columns: new[] { "incident_id", "step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_incident_steps_owner_id",
                table: "incident_steps",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_account_id_opened_at",
                table: "incidents",
                columns: new[] { "account_id", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_opened_by_id",
                table: "incidents",
                column: "opened_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_order_id",
                table: "incidents",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_owner_id",
                table: "incidents",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_product_id_opened_at",
                table: "incidents",
                columns: new[] { "product_id", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_status_id",
                table: "incidents",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_verified_by_id",
                table: "incidents",
                column: "verified_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_event_id",
                table: "notifications",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_event_id",
                table: "notifications",
                columns: new[] { "user_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user_id_read_at_id",
                table: "notifications",
                columns: new[] { "user_id", "read_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_dispatched_at_id",
                table: "outbox_events",
                columns: new[] { "dispatched_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_event_dedup_key",
                table: "outbox_events",
                columns: new[] { "event", "dedup_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_event_id",
                table: "webhook_deliveries",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_status_next_attempt_at",
                table: "webhook_deliveries",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_webhook_id_event_id",
                table: "webhook_deliveries",
                columns: new[] { "webhook_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhooks_created_by_id",
                table: "webhooks",
                column: "created_by_id");

            migrationBuilder.AddForeignKey(
                name: "fk_accounts_users_executive_sponsor_id",
                table: "accounts",
                column: "executive_sponsor_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_accounts_users_executive_sponsor_id",
                table: "accounts");

            migrationBuilder.DropTable(
                name: "account_health");

            migrationBuilder.DropTable(
                name: "care_plans");

            migrationBuilder.DropTable(
                name: "competitor_moves");

            migrationBuilder.DropTable(
                name: "email_messages");

            migrationBuilder.DropTable(
                name: "health_snapshots");

            migrationBuilder.DropTable(
                name: "incident_steps");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropIndex(
                name: "ix_accounts_executive_sponsor_id",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "executive_sponsor_id",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "is_strategic",
                table: "accounts");
        }
    }
}
