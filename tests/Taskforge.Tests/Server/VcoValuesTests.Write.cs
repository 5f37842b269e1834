using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows;
using Taskforge.Server.Faces.Vco;

namespace Taskforge.Tests.Server;

/// <summary>Writing canonical values in vRO's real-wire spelling, masking, and Write→TryRead round trips.</summary>
public sealed partial class VcoValuesTests
{
    private static JsonObject? Write(string type, string canonical, bool maskSecrets = true) =>
        VcoValues.Write(ParameterType.Parse(type), JsonNode.Parse(canonical), maskSecrets);

    [Theory]
    [InlineData("string", "\"Apple\"", """{"string":{"value":"Apple"}}""")]
    [InlineData("number", "20", """{"number":{"value":20}}""")]
    [InlineData("number", "3.5", """{"number":{"value":3.5}}""")]
    [InlineData("boolean", "true", """{"boolean":{"value":true}}""")]
    [InlineData("Date", "\"2026-01-06T05:02:00.000Z\"", """{"date":{"value":"2026-01-06T05:02:00.000Z"}}""")]
    [InlineData("Array/string", """["role[base]"]""", """{"array":{"elements":[{"string":{"value":"role[base]"}}]}}""")]
    [InlineData("Array/number", "[1,null]", """{"array":{"elements":[{"number":{"value":1}},null]}}""")]
    [InlineData("Properties", """{"k":"v","n":2}""", """{"properties":{"property":[{"key":"k","value":{"string":{"value":"v"}}},{"key":"n","value":{"number":{"value":2}}}]}}""")]
    [InlineData("Properties", """{"unset":null}""", """{"properties":{"property":[{"key":"unset"}]}}""")]
    [InlineData("VC:VirtualMachine", """{"type":"VC:VirtualMachine","id":"vc.example/vm-42","href":"https://vro/vm-42"}""", """{"sdk-object":{"type":"VC:VirtualMachine","id":"vc.example/vm-42","href":"https://vro/vm-42"}}""")]
    [InlineData("VC:VirtualMachine", """{"id":"vm-42","displayValue":"web-01"}""", """{"sdk-object":{"type":"VC:VirtualMachine","id":"vm-42","displayValue":"web-01"}}""")]
    public void Write_Canonical_GivesRealWireShape(string type, string canonical, string expected) => AssertJson(expected, Write(type, canonical));

    [Fact]
    public void Write_Any_InfersTheKindFromTheJson()
    {
        AssertJson(
            """
            {"array":{"elements":[
              {"string":{"value":"a"}},
              {"number":{"value":1}},
              {"boolean":{"value":false}},
              {"properties":{"property":[{"key":"k","value":{"array":{"elements":[{"string":{"value":"x"}}]}}}]}},
              {"array":{"elements":[]}}]}}
            """,
            Write("Array/Any", """["a",1,false,{"k":["x"]},[]]"""));
        AssertJson("""{"string":{"value":"a"}}""", Write("Any", "\"a\""));
        AssertJson("""{"properties":{"property":[]}}""", Write("Any", "{}"));
    }

    [Fact]
    public void Write_ShapeThatDoesNotFitTheType_IsWrittenByWhatItIs()
    {
        AssertJson("""{"string":{"value":"20"}}""", Write("number", "\"20\""));
        AssertJson("""{"number":{"value":1}}""", Write("Array/string", "1"));
    }

    [Fact]
    public void Write_SecureString_IsMaskedByDefault()
    {
        var written = Write("SecureString", "\"s3cret\"");

        AssertJson("""{"secure-string":{"value":"*****","isPlainText":false}}""", written);
        Assert.DoesNotContain("s3cret", written!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SecureStringsInsideArrays_AreMaskedToo()
    {
        var written = Write("Array/SecureString", """["one","two"]""")!.ToJsonString();

        Assert.DoesNotContain("one", written, StringComparison.Ordinal);
        AssertJson(
            """{"array":{"elements":[{"secure-string":{"value":"*****","isPlainText":false}},{"secure-string":{"value":"*****","isPlainText":false}}]}}""",
            JsonNode.Parse(written));
    }

    [Fact]
    public void Write_SecureStringOfAnyShape_IsStillMasked() =>
        Assert.DoesNotContain("leak", Write("SecureString", """{"a":"leak"}""")!.ToJsonString(), StringComparison.Ordinal);

    [Fact]
    public void Write_SecureStringUnmasked_CarriesTheClearValue() =>
        AssertJson("""{"secure-string":{"value":"s3cret","isPlainText":true}}""", Write("SecureString", "\"s3cret\"", maskSecrets: false));

    [Fact]
    public void Write_Null_IsNull()
    {
        Assert.Null(VcoValues.Write(ParameterType.String, null));
        Assert.Null(VcoValues.Write(ParameterType.SecureString, JsonNode.Parse("null")));
    }

    [Fact]
    public void Write_Result_IsDetachedFromTheCanonicalValue()
    {
        var canonical = JsonNode.Parse("""{"k":["v"]}""")!;

        var written = VcoValues.Write(ParameterType.Properties, canonical)!;
        var holder = new JsonObject { ["value"] = written };

        Assert.Same(holder, written.Parent);
        Assert.Null(canonical.Parent);
    }

    [Theory]
    [InlineData("string", "\"Apple\"")]
    [InlineData("string", "\"\"")]
    [InlineData("number", "326.5")]
    [InlineData("number", "-20")]
    [InlineData("boolean", "false")]
    [InlineData("Date", "\"2014-12-10T17:39:08.843Z\"")]
    [InlineData("Array/string", """["a","b"]""")]
    [InlineData("Array/number", "[1,null,2.5]")]
    [InlineData("Array/Date", """["2026-01-06T05:02:00.000Z"]""")]
    [InlineData("Array/Array/boolean", "[[true],[]]")]
    [InlineData("Array/Any", """["a",1,true,{"k":"v"},["x"]]""")]
    [InlineData("Array/VC:VirtualMachine", """[{"type":"VC:VirtualMachine","id":"vm-1"}]""")]
    [InlineData("Properties", """{"a":"x","b":3,"c":{"d":[false]},"e":null}""")]
    [InlineData("SecureString", "\"s3cret\"")]
    [InlineData("Any", """{"nested":{"list":[1,"two"]}}""")]
    [InlineData("Any", "7")]
    [InlineData("VC:VirtualMachine", """{"type":"VC:VirtualMachine","id":"vm-42","href":"https://vro/vm-42","displayValue":"web-01"}""")]
    public void Write_ThenTryRead_RoundTrips(string type, string canonical)
    {
        var declared = ParameterType.Parse(type);
        var written = VcoValues.Write(declared, JsonNode.Parse(canonical), maskSecrets: false);

        var ok = VcoValues.TryRead(declared, JsonNode.Parse(written!.ToJsonString()), out var read, out var error);

        Assert.True(ok, error);
        AssertJson(canonical, read);
    }
}
