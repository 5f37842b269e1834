using Taskforge.Tests.Support;
using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows;

namespace Taskforge.Tests.Engine;

public sealed class ParameterValuesTests
{
    private static readonly ParameterType Vm = ParameterType.Parse("VC:VirtualMachine");

    private static JsonNode? Coerce(string type, string? json)
    {
        var ok = ParameterValues.TryCoerce(ParameterType.Parse(type), json is null ? null : JsonNode.Parse(json), out var canonical, out var error);
        Assert.True(ok, error);
        Assert.Null(error);
        return canonical;
    }

    private static string Fails(string type, string json)
    {
        var ok = ParameterValues.TryCoerce(ParameterType.Parse(type), JsonNode.Parse(json), out var canonical, out var error);
        Assert.False(ok);
        Assert.Null(canonical);
        Assert.NotNull(error);
        return error;
    }

    private static void AssertJson(string expected, JsonNode? actual) => JsonAssert.Equivalent(expected, actual);

    [Theory]
    [InlineData("string")]
    [InlineData("number")]
    [InlineData("boolean")]
    [InlineData("Date")]
    [InlineData("Array/string")]
    [InlineData("Properties")]
    [InlineData("SecureString")]
    [InlineData("Any")]
    [InlineData("VC:VirtualMachine")]
    public void TryCoerce_Null_StaysUnset(string type)
    {
        Assert.Null(Coerce(type, null));
        Assert.Null(Coerce(type, "null"));
    }

    [Theory]
    [InlineData("\"Apple\"", "\"Apple\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("20", "\"20\"")]
    [InlineData("326.0", "\"326.0\"")]
    [InlineData("true", "\"true\"")]
    public void TryCoerce_String_AcceptsScalars(string input, string expected) => AssertJson(expected, Coerce("string", input));

    [Theory]
    [InlineData("{\"a\":1}", "expected a string, got an object")]
    [InlineData("[1]", "expected a string, got an array")]
    public void TryCoerce_String_RejectsContainers(string input, string expected) => Assert.Equal(expected, Fails("string", input));

    [Theory]
    [InlineData("20", 20.0)]
    [InlineData("326.0", 326.0)]
    [InlineData("-1.5e3", -1500.0)]
    [InlineData("\"20\"", 20.0)]
    [InlineData("\"3.5\"", 3.5)]
    [InlineData("\" 7 \"", 7.0)]
    public void TryCoerce_Number_AcceptsNumbersAndNumericStrings(string input, double expected)
    {
        var canonical = Coerce("number", input);

        Assert.Equal(expected, canonical!.GetValue<double>());
    }

    [Theory]
    [InlineData("\"abc\"", "expected a number, got \"abc\"")]
    [InlineData("\"NaN\"", "expected a number, got \"NaN\"")]
    [InlineData("\"1e400\"", "expected a number, got \"1e400\"")]
    [InlineData("\"3,5\"", "expected a number, got \"3,5\"")]
    [InlineData("true", "expected a number, got true")]
    [InlineData("{}", "expected a number, got an object")]
    public void TryCoerce_Number_RejectsTheRest(string input, string expected) => Assert.Equal(expected, Fails("number", input));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("\"False\"", false)]
    public void TryCoerce_Boolean_AcceptsBoolsAndTheirStrings(string input, bool expected) =>
        Assert.Equal(expected, Coerce("boolean", input)!.GetValue<bool>());

    [Theory]
    [InlineData("\"yes\"", "expected true or false, got \"yes\"")]
    [InlineData("1", "expected true or false, got 1")]
    public void TryCoerce_Boolean_RejectsTheRest(string input, string expected) => Assert.Equal(expected, Fails("boolean", input));

    [Theory]
    [InlineData("\"2026-01-06T05:02:00Z\"", "2026-01-06T05:02:00.000Z")]
    [InlineData("\"2012-01-31T11:00:00+00:00\"", "2012-01-31T11:00:00.000Z")]
    [InlineData("\"2026-01-06T06:02:00.5+01:00\"", "2026-01-06T05:02:00.500Z")]
    [InlineData("\"2026-01-05T23:32:00-05:30\"", "2026-01-06T05:02:00.000Z")]
    [InlineData("\"2014-12-10T17:39:08.843Z\"", "2014-12-10T17:39:08.843Z")]
    [InlineData("\"2026-01-06T05:02Z\"", "2026-01-06T05:02:00.000Z")]
    [InlineData("1419025426833", "2014-12-19T21:43:46.833Z")]
    [InlineData("\"1767675720000\"", "2026-01-06T05:02:00.000Z")]
    [InlineData("0", "1970-01-01T00:00:00.000Z")]
    public void TryCoerce_Date_GivesUtcIsoWithMilliseconds(string input, string expected) =>
        Assert.Equal(expected, Coerce("Date", input)!.GetValue<string>());

    [Theory]
    [InlineData("\"2026-01-06T05:02:00\"")]
    [InlineData("\"2026-01-06\"")]
    [InlineData("\"01/06/2026 05:02 +00:00\"")]
    [InlineData("\"tomorrow\"")]
    [InlineData("\"2026-13-06T05:02:00Z\"")]
    [InlineData("1e300")]
    [InlineData("true")]
    [InlineData("{}")]
    public void TryCoerce_Date_RejectsAmbiguousOrMalformed(string input) =>
        Assert.StartsWith("expected a date (ISO-8601 with an offset or Z, or Unix milliseconds), got ", Fails("Date", input), StringComparison.Ordinal);

    [Fact]
    public void TryCoerce_Array_CoercesEachElement()
    {
        AssertJson("[20,3.5,null]", Coerce("Array/number", "[\"20\", 3.5, null]"));
        AssertJson("[\"2026-01-06T05:02:00.000Z\"]", Coerce("Array/Date", "[1767675720000]"));
        AssertJson("[[1],[]]", Coerce("Array/Array/number", "[[\"1\"],[]]"));
        AssertJson("[]", Coerce("Array/string", "[]"));
    }

    [Fact]
    public void TryCoerce_Array_ErrorNamesTheIndex()
    {
        Assert.Equal("element 1: expected a number, got \"x\"", Fails("Array/number", "[1, \"x\"]"));
        Assert.Equal("element 1: element 0: expected a number, got \"x\"", Fails("Array/Array/number", "[[1], [\"x\"]]"));
        Assert.Equal("expected an array, got \"a\"", Fails("Array/string", "\"a\""));
    }

    [Fact]
    public void TryCoerce_Properties_CopiesTheObject()
    {
        var input = JsonNode.Parse("{\"a\":1,\"b\":{\"c\":[true]},\"d\":null}");

        Assert.True(ParameterValues.TryCoerce(ParameterType.Properties, input, out var canonical, out _));

        AssertJson("{\"a\":1,\"b\":{\"c\":[true]},\"d\":null}", canonical);
        Assert.NotSame(input, canonical);
        Assert.Equal("expected an object of properties, got an array", Fails("Properties", "[]"));
    }

    [Fact]
    public void TryCoerce_SecureString_KeepsTheClearValue()
    {
        AssertJson("\"s3cret\"", Coerce("SecureString", "\"s3cret\""));
        Assert.Equal("expected a string, got an object", Fails("SecureString", "{\"value\":\"s3cret\"}"));
    }

    [Fact]
    public void TryCoerce_Any_DeepClonesWhateverItGets()
    {
        var parent = JsonNode.Parse("{\"inner\":{\"list\":[1,\"two\",{\"three\":3}]}}")!.AsObject();

        Assert.True(ParameterValues.TryCoerce(ParameterType.Any, parent["inner"], out var canonical, out _));

        AssertJson("{\"list\":[1,\"two\",{\"three\":3}]}", canonical);
        Assert.Null(canonical!.Parent);
        canonical["list"]!.AsArray().Add(4);
        Assert.Equal(3, parent["inner"]!["list"]!.AsArray().Count);
    }

    [Fact]
    public void TryCoerce_SdkObject_AcceptsAReferenceOrAnId()
    {
        AssertJson("{\"type\":\"VC:VirtualMachine\",\"id\":\"vc.example/vm-42\"}", Coerce("VC:VirtualMachine", "\"vc.example/vm-42\""));
        AssertJson("{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-42\"}", Coerce("VC:VirtualMachine", "{\"id\":\"vm-42\",\"extra\":1}"));
        AssertJson(
            "{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-42\",\"href\":\"https://vro/vm-42\",\"displayValue\":\"web-01\"}",
            Coerce("VC:VirtualMachine", "{\"displayValue\":\"web-01\",\"href\":\"https://vro/vm-42\",\"id\":\"vm-42\"}"));
    }

    [Fact]
    public void TryCoerce_SdkObject_KeepsAGivenType()
    {
        AssertJson("{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-42\"}", Coerce("VC:ManagedEntity", "{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-42\"}"));
    }

    [Theory]
    [InlineData("{\"type\":\"VC:VirtualMachine\"}", "an object")]
    [InlineData("{\"id\":\"\"}", "an object")]
    [InlineData("\" \"", "\" \"")]
    [InlineData("42", "42")]
    public void TryCoerce_SdkObject_NeedsAnId(string input, string got) =>
        Assert.Equal($"expected a VC:VirtualMachine reference (an object with an id, or the id as a string), got {got}", Fails("VC:VirtualMachine", input));

    [Theory]
    [InlineData("string", "\"x\"")]
    [InlineData("number", "326.5")]
    [InlineData("boolean", "false")]
    [InlineData("Date", "\"2026-01-06T05:02:00.123Z\"")]
    [InlineData("Array/Date", "[\"2026-01-06T05:02:00.123Z\",null]")]
    [InlineData("Properties", "{\"a\":{\"b\":[1]}}")]
    [InlineData("SecureString", "\"pw\"")]
    [InlineData("Any", "[1,\"a\",{\"b\":null}]")]
    [InlineData("VC:VirtualMachine", "{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-1\",\"href\":\"h\"}")]
    public void TryCoerce_CanonicalValue_IsUnchanged(string type, string canonical) => AssertJson(canonical, Coerce(type, canonical));

    [Fact]
    public void TryCoerce_ValuesBuiltInCode_AreAccepted()
    {
        Assert.True(ParameterValues.TryCoerce(ParameterType.Number, JsonValue.Create(20), out var number, out _));
        Assert.True(ParameterValues.TryCoerce(ParameterType.String, JsonValue.Create('c'), out var text, out _));
        Assert.True(ParameterValues.TryCoerce(Vm, JsonValue.Create("vm-1"), out var vm, out _));

        Assert.Equal(20.0, number!.GetValue<double>());
        Assert.Equal("c", text!.GetValue<string>());
        AssertJson("{\"type\":\"VC:VirtualMachine\",\"id\":\"vm-1\"}", vm);
    }

    [Fact]
    public void FormatDate_IsUtcWithMilliseconds() =>
        Assert.Equal("2026-01-06T05:02:00.007Z", ParameterValues.FormatDate(new DateTimeOffset(2026, 1, 6, 6, 2, 0, 7, TimeSpan.FromHours(1))));

    [Fact]
    public void Describe_CutsLongStringsShort()
    {
        Assert.Equal("\"" + new string('a', 40) + "…\"", ParameterValues.Describe(JsonValue.Create(new string('a', 100))));
        Assert.Equal("nothing", ParameterValues.Describe(null));
    }
}
