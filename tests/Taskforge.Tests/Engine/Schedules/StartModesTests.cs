using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class StartModesTests
{
    [Theory]
    [InlineData("normal", StartMode.Normal)]
    [InlineData("NORMAL", StartMode.Normal)]
    [InlineData("start-in-the-past", StartMode.StartInThePast)]
    [InlineData("START_IN_THE_PAST", StartMode.StartInThePast)]
    public void FromWire_AcceptsBothSpellings(string text, StartMode expected)
    {
        Assert.Equal(expected, StartModes.FromWire(text));
        Assert.Equal(text.ToUpperInvariant().Replace('_', '-'), StartModes.ToWire(expected).ToUpperInvariant());
    }

    [Fact]
    public void FromWire_RejectsUnknownNames_OnTheField()
    {
        var error = Assert.Throws<ValidationException>(() => StartModes.FromWire("eager"));

        Assert.Contains("start-mode", error.Errors.Keys);
    }

    [Fact]
    public void ToMisfirePolicy_NormalSkips_StartInThePastFiresOnce()
    {
        Assert.Equal(MisfirePolicy.Skip, StartModes.ToMisfirePolicy(StartMode.Normal));
        Assert.Equal(MisfirePolicy.FireOnce, StartModes.ToMisfirePolicy(StartMode.StartInThePast));
    }
}
