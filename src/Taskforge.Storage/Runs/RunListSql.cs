using Dapper;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Storage.Runs;

/// <summary>
/// The SQL of one runs list, written with only the conditions it has, so each combination of filters is a plain index
/// range in (created, id) order (migration 0010: one index per filter, each ending in created_at, id) and the page
/// after a cursor is a seek, never an offset.
/// </summary>
internal static class RunListSql
{
    public static (string Sql, DynamicParameters Parameters) Build(RunListQuery query, string provider)
    {
        var filter = query.Filter;
        var where = new List<string>();
        var parameters = new DynamicParameters();
        void Add(string condition, string name, object? value)
        {
            where.Add(condition);
            parameters.Add(name, value);
        }

        if (filter.WorkflowId is { } workflow)
        {
            Add("workflow_id = @WorkflowId", "WorkflowId", workflow);
        }

        if (filter.State is { } state)
        {
            Add("state = @State", "State", RunStates.ToWire(state));
        }

        if (filter.StartedBy is { } startedBy)
        {
            Add("started_by = @StartedBy", "StartedBy", startedBy);
        }

        if (filter.From is { } from)
        {
            Add("created_at >= @From", "From", Instants.ToMs(from));
        }

        if (filter.To is { } to)
        {
            Add("created_at < @To", "To", Instants.ToMs(to));
        }

        if (filter.After is { } after)
        {
            // The first part bounds the index range; the second drops the runs of that instant at or after the cursor's id.
            Add("created_at <= @AfterAt AND (created_at < @AfterAt OR id < @AfterId)", "AfterAt", Instants.ToMs(after.CreatedAt));
            parameters.Add("AfterId", after.Id);
        }

        if (query.VisibleWorkflows is { } visible)
        {
            // One parameter however many workflows: PostgreSQL takes an array and weighs the plans by its statistics.
            // SQLite has none and would read every run of those workflows and sort them; the unary + keeps it off the
            // workflow index, so it reads another filter's range, or the creation order, and checks the workflow per row.
            // That is quick while the caller may see a fair share of the runs; one who may see only a rare workflow
            // reads further back to fill a page.
            if (provider == StorageOptions.Postgres)
            {
                Add("workflow_id = ANY(@Visible)", "Visible", visible.ToArray());
            }
            else
            {
                Add("+workflow_id IN (SELECT value FROM json_each(@Visible))", "Visible", System.Text.Json.JsonSerializer.Serialize(visible));
            }
        }

        parameters.Add("Limit", filter.Limit);
        var sql = $"SELECT {RunSummaryRow.Columns} FROM runs"
            + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))
            + " ORDER BY created_at DESC, id DESC LIMIT @Limit";
        return (sql, parameters);
    }
}
