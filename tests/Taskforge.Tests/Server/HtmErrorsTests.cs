using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Server.Faces.Htm;

namespace Taskforge.Tests.Server;

/// <summary>The IBM face's one mapping from the engine's errors to IBM's answers (<see cref="HtmErrors"/>).</summary>
public sealed class HtmErrorsTests
{
    [Fact]
    public void EveryReasonOfTheEngine_HasANumberOfItsOwn()
    {
        Assert.All(Enum.GetValues<TaskRuleReason>(), r => Assert.NotEqual(HtmErrorNumbers.InternalFailure, HtmErrors.NumberOf(r)));
        Assert.All(Enum.GetValues<QueryReason>(), r => Assert.NotEqual(HtmErrorNumbers.InternalFailure, HtmErrors.NumberOf(r)));
    }

    [Fact]
    public void NotAllowed_Is401_AsIbmAnswersIt_WithTheNumberOfItsReason()
    {
        var error = HtmErrors.Of(new TaskRuleException(TaskRuleKind.NotAllowed, TaskRuleReason.NotAllowedOnTask, "no", "olga"))!;

        Assert.Equal((401, "CWTKA0068E", "no"), (error.Status, error.HtmErrorNumber, error.Message));
        Assert.Equal(["olga"], error.Parameters!);
    }

    [Theory]
    [InlineData("Task", "CWTKA0024E")]
    [InlineData("Task template", "CWTKA0025E")]
    [InlineData("Escalation", "CWTKA0026E")]
    [InlineData("Work item", "CWTKA0017E")]
    public void NotFound_NamesWhatWasNotFound(string kind, string number) =>
        Assert.Equal((404, number), (HtmErrors.Of(new NotFoundException(kind, "x"))!.Status, HtmErrors.Of(new NotFoundException(kind, "x"))!.HtmErrorNumber));

    [Fact]
    public void AFault_IsNoDomainAnswer() => Assert.Null(HtmErrors.Of(new InvalidOperationException("bug")));
}
