using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Server.Faces.Htm;

namespace Taskforge.Tests.Support;

/// <summary>
/// The engine's errors carry reason codes of its own; the suites written against IBM's numbers read them through the
/// IBM face's one mapping (<see cref="HtmErrors"/>), so they check the number a client of that face would see.
/// </summary>
internal static class HtmNumbers
{
    extension(TaskActionCheck check)
    {
        public string? ErrorNumber => check.Reason is { } reason ? HtmErrors.NumberOf(reason) : null;
    }

    extension(TaskRuleException exception)
    {
        public string ErrorNumber => HtmErrors.NumberOf(exception.Reason);
    }

    extension(QueryException exception)
    {
        public string ErrorNumber => HtmErrors.NumberOf(exception.Reason);
    }

    extension(TaskInvocationException exception)
    {
        public string? ErrorNumber => HtmErrors.Of(exception)?.HtmErrorNumber;
    }
}
