using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;

namespace Taskforge.Tests.Engine.HumanTasks;

public sealed class HtmDurationTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("PT4H", "2026-01-31T14:00:00Z")]
    [InlineData("P2D", "2026-02-02T10:00:00Z")]
    [InlineData("P1DT2H30M", "2026-02-01T12:30:00Z")]
    [InlineData("PT90S", "2026-01-31T10:01:30Z")]
    [InlineData("PT0.5S", "2026-01-31T10:00:00.5Z")]
    [InlineData("P1W", "2026-02-07T10:00:00Z")]
    [InlineData("P1M", "2026-02-28T10:00:00Z")]
    [InlineData("P1Y2M", "2027-03-31T10:00:00Z")]
    [InlineData("p1dt1h", "2026-02-01T11:00:00Z")]
    public void AddTo_IsoDurations(string text, string expected)
    {
        var duration = HtmDuration.Parse(text);

        Assert.Equal(HtmDurationKind.Finite, duration.Kind);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), duration.AddTo(Start));
    }

    [Theory]
    [InlineData("5days", "2026-02-05T10:00:00Z")]
    [InlineData("1day", "2026-02-01T10:00:00Z")]
    [InlineData("2hours 30minutes", "2026-01-31T12:30:00Z")]
    [InlineData("2 hours   30 minutes", "2026-01-31T12:30:00Z")]
    [InlineData("2hours30minutes", "2026-01-31T12:30:00Z")]
    [InlineData("1week", "2026-02-07T10:00:00Z")]
    [InlineData("2Weeks", "2026-02-14T10:00:00Z")]
    [InlineData("30minutes", "2026-01-31T10:30:00Z")]
    [InlineData("10seconds", "2026-01-31T10:00:10Z")]
    [InlineData("1second", "2026-01-31T10:00:01Z")]
    [InlineData("1month", "2026-02-28T10:00:00Z")]
    [InlineData("1year 1day", "2027-02-01T10:00:00Z")]
    [InlineData(" 3 HOURS ", "2026-01-31T13:00:00Z")]
    public void AddTo_SimpleCalendarStrings(string text, string expected)
    {
        var duration = HtmDuration.Parse(text);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), duration.AddTo(Start));
        Assert.Equal(text.Trim(), duration.Text);
    }

    [Fact]
    public void Constants_Infinite_And_NotUsed_NeverCome_Immediate_And_Zero_AreNow()
    {
        Assert.Null(HtmDuration.Parse("DURATION_INFINITE").AddTo(Start));
        Assert.Null(HtmDuration.Parse("DURATION_NOT_USED").AddTo(Start));
        Assert.Equal(Start, HtmDuration.Parse("DURATION_IMMEDIATE").AddTo(Start));
        Assert.Equal(Start, HtmDuration.Parse("DURATION_ZERO").AddTo(Start));
        Assert.Same(HtmDuration.Infinite, HtmDuration.Parse(" DURATION_INFINITE "));
        Assert.False(HtmDuration.Infinite.IsFinite);
        Assert.Equal("DURATION_INFINITE", HtmDuration.Infinite.ToString());
    }

    [Fact]
    public void AddTo_PastTheLastRepresentableInstant_NeverComes()
    {
        Assert.Null(HtmDuration.Parse("9000years").AddTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("P", "at least one component")]
    [InlineData("PT", "must be followed by")]
    [InlineData("P1H", "belongs after T (PT1H)")]
    [InlineData("PT1D", "position 4 is not a designator here")]
    [InlineData("P1D2Y", "repeated or out of order")]
    [InlineData("P1DT1H1H", "repeated or out of order")]
    [InlineData("P1.5D", "only seconds may have a fraction")]
    [InlineData("P5", "needs a designator")]
    [InlineData("PXD", "expected a number at position 2")]
    [InlineData("P1DTT1H", "'T' appears twice")]
    [InlineData("5dayz", "'dayz' at position 2 is not a unit")]
    [InlineData("5", "needs a unit")]
    [InlineData("1.5hours", "only whole numbers")]
    [InlineData("2hours 3hours", "'hours' appears twice")]
    [InlineData("2hours, 30minutes", "expected a number at position 7")]
    [InlineData("99999999999999999999days", "too large")]
    [InlineData("10000years", "more than 9999 years")]
    [InlineData("five days", "is not a duration")]
    [InlineData("-P1D", "is not a duration")]
    public void TryParse_ExplainsWhatIsWrong(string text, string expected)
    {
        Assert.False(HtmDuration.TryParse(text, out var duration, out var error));
        Assert.Null(duration);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThrowsValidationException_NamingTheField()
    {
        var error = Assert.Throws<ValidationException>(() => HtmDuration.Parse("soon", "durationUntilDue"));

        Assert.Contains("'soon'", Assert.Single(error.Errors["durationUntilDue"]), StringComparison.Ordinal);
    }

    [Fact]
    public void IsoAndSimpleForms_OfTheSameLength_AgreeOnTheInstant()
    {
        Assert.Equal(HtmDuration.Parse("P1DT2H30M").AddTo(Start), HtmDuration.Parse("1day 2hours 30minutes").AddTo(Start));
    }
}
