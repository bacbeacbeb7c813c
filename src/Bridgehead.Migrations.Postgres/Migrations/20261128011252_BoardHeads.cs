using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bridgehead.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class BoardHeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // PostgreSQL only, so not in the model: the board's column heads (count and value per
            // currency of the open pursuits in each stage) kept as they change, per owner, by
            // statement triggers on opportunities, so every write path (pages, API, imports, bulk
            // updates, the scale seed's COPY) keeps them right in its own transaction. Counting them
            // per request read about 250,000 index entries at a million pursuits. An update that
            // moves nothing the heads add up (a note, a probability) nets to zero and writes nothing.
            migrationBuilder.Sql(@"CREATE TABLE board_heads (
    pipeline_id bigint NOT NULL,
    stage character varying(40) NOT NULL,
    currency text NOT NULL,
    owner_id bigint NOT NULL,
    open_count integer NOT NULL,
    value_sum numeric NOT NULL,
    CONSTRAINT pk_board_heads PRIMARY KEY (pipeline_id, stage, currency, owner_id));");
            migrationBuilder.Sql(@"CREATE FUNCTION board_heads_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO board_heads AS h (pipeline_id, stage, currency, owner_id, open_count, value_sum)
        SELECT pipeline_id, stage, COALESCE(btrim(currency), ''), owner_id, count(*), COALESCE(sum(estimated_annual_value), 0)
        FROM new_rows WHERE status = 'Open' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (pipeline_id, stage, currency, owner_id) DO UPDATE
            SET open_count = h.open_count + EXCLUDED.open_count, value_sum = h.value_sum + EXCLUDED.value_sum;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO board_heads AS h (pipeline_id, stage, currency, owner_id, open_count, value_sum)
        SELECT pipeline_id, stage, COALESCE(btrim(currency), ''), owner_id, -count(*), -COALESCE(sum(estimated_annual_value), 0)
        FROM old_rows WHERE status = 'Open' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (pipeline_id, stage, currency, owner_id) DO UPDATE
            SET open_count = h.open_count + EXCLUDED.open_count, value_sum = h.value_sum + EXCLUDED.value_sum;
    ELSE
        INSERT INTO board_heads AS h (pipeline_id, stage, currency, owner_id, open_count, value_sum)
        SELECT pipeline_id, stage, currency, owner_id, sum(n), sum(v)
        FROM (SELECT pipeline_id, stage, COALESCE(btrim(currency), '') AS currency, owner_id, 1 AS n, COALESCE(estimated_annual_value, 0) AS v
                FROM new_rows WHERE status = 'Open'
              UNION ALL
              SELECT pipeline_id, stage, COALESCE(btrim(currency), ''), owner_id, -1, -COALESCE(estimated_annual_value, 0)
                FROM old_rows WHERE status = 'Open') AS d
        GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(v) <> 0 ORDER BY 1, 2, 3, 4
        ON CONFLICT (pipeline_id, stage, currency, owner_id) DO UPDATE
            SET open_count = h.open_count + EXCLUDED.open_count, value_sum = h.value_sum + EXCLUDED.value_sum;
    END IF;
    RETURN NULL;
END $$;");
            migrationBuilder.Sql("CREATE TRIGGER board_heads_insert AFTER INSERT ON opportunities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION board_heads_apply();");
            migrationBuilder.Sql("CREATE TRIGGER board_heads_update AFTER UPDATE ON opportunities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION board_heads_apply();");
            migrationBuilder.Sql("CREATE TRIGGER board_heads_delete AFTER DELETE ON opportunities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION board_heads_apply();");
            migrationBuilder.Sql("CREATE FUNCTION board_heads_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM board_heads; RETURN NULL; END $$;");
            migrationBuilder.Sql("CREATE TRIGGER board_heads_truncate AFTER TRUNCATE ON opportunities FOR EACH STATEMENT EXECUTE FUNCTION board_heads_clear();");
            migrationBuilder.Sql(@"INSERT INTO board_heads (pipeline_id, stage, currency, owner_id, open_count, value_sum)
SELECT pipeline_id, stage, COALESCE(btrim(currency), ''), owner_id, count(*), COALESCE(sum(estimated_annual_value), 0)
FROM opportunities WHERE status = 'Open' GROUP BY 1, 2, 3, 4;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER board_heads_truncate ON opportunities;");
            migrationBuilder.Sql("DROP TRIGGER board_heads_delete ON opportunities;");
            migrationBuilder.Sql("DROP TRIGGER board_heads_update ON opportunities;");
            migrationBuilder.Sql("DROP TRIGGER board_heads_insert ON opportunities;");
            migrationBuilder.Sql("DROP FUNCTION board_heads_clear();");
            migrationBuilder.Sql("DROP FUNCTION board_heads_apply();");
            migrationBuilder.Sql("DROP TABLE board_heads;");
        }
    }
}
