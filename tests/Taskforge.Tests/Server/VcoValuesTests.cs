using Taskforge.Tests.Support;
using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows;
using Taskforge.Server.Faces.Vco;

namespace Taskforge.Tests.Server;

/// <summary>Reading vRO wire values: the captured payloads of vro.md §3.5 and §4, the lenient spellings, the errors.</summary>
public sealed partial class VcoValuesTests
{
    private static JsonNode? Read(string type, string? wire)
    {
        var ok = VcoValues.TryRead(ParameterType.Parse(type), wire is null ? null : JsonNode.Parse(wire), out var canonical, out var error);
        Assert.True(ok, error);
        Assert.Null(error);
        return canonical;
    }

    private static string ReadFails(string type, string wire)
    {
        var ok = VcoValues.TryRead(ParameterType.Parse(type), JsonNode.Parse(wire), out var canonical, out var error);
        Assert.False(ok);
        Assert.Null(canonical);
        Assert.NotNull(error);
        return error;
    }

    private static void AssertJson(string expected, JsonNode? actual) => JsonAssert.Equivalent(expected, actual);

    // vro.md §4, one row each (plus the variants the table says real clients send).
    [Theory]
    [InlineData("string", """{"string":{"value":"Apple"}}""", "\"Apple\"")]
    [InlineData("number", """{"number":{"value":20}}""", "20")]
    [InlineData("number", """{"number":{"value":326.0}}""", "326")]
    [InlineData("number", """{"number":{"value":"20"}}""", "20")]
    [InlineData("boolean", """{"boolean":{"value":true}}""", "true")]
    [InlineData("boolean", """{"boolean":{"value":"true"}}""", "true")]
    [InlineData("Date", """{"date":{"value":"2050-01-06T05:02:00Z"}}""", "\"2050-01-06T05:02:00.000Z\"")]
    [InlineData("Date", """{"date":{"value":"2012-01-31T11:00:00+00:00"}}""", "\"2012-01-31T11:00:00.000Z\"")]
    [InlineData("Array/string", """{"array":{"elements":[{"string":{"value":"role[base]"}}]}}""", """["role[base]"]""")]
    [InlineData("Properties", """{"properties":{"property":[{"key":"k","value":{"string":{"value":"v"}}}]}}""", """{"k":"v"}""")]
    [InlineData("SecureString", """{"secure-string":{"value":"s3cret","isPlainText":true}}""", "\"s3cret\"")]
    [InlineData("SecureString", """{"encrypted-string":{"value":"opaque"}}""", "\"opaque\"")]
    [InlineData("string", """{"regex":{"value":"^a+$"}}""", "\"^a+$\"")]
    [InlineData("Any", """{"mime-attachment":{"name":"a.txt","mime-type":"text/plain","content":"aGk="}}""", """{"name":"a.txt","mimeType":"text/plain","content":"aGk="}""")]
    [InlineData("Any", """{"composite":{"type":"CompositeType(f:string):T","property":[{"id":"f","value":{"string":{"value":"x"}}}]}}""", """{"f":"x"}""")]
    [InlineData("VC:VirtualMachine", """{"sdk-object":{"type":"VC:VirtualMachine","id":"vc.example/vm-42","href":"https://vro/vm-42"}}""", """{"type":"VC:VirtualMachine","id":"vc.example/vm-42","href":"https://vro/vm-42"}""")]
    [InlineData("VC:VirtualMachine", """{"sdk-object":{"id":"vm-42","displayValue":"web-01"}}""", """{"type":"VC:VirtualMachine","id":"vm-42","displayValue":"web-01"}""")]
    public void TryRead_DocumentedShapes_GiveCanonicalValues(string type, string wire, string expected) => AssertJson(expected, Read(type, wire));

    [Fact]
    public void TryRead_NestedArraysAndProperties_AreReadByTheirDeclaredTypes()
    {
        AssertJson(
            """[[1,2],[]]""",
            Read("Array/Array/number", """{"array":{"elements":[{"array":{"elements":[{"number":{"value":1}},{"string":{"value":"2"}}]}},{"array":{"elements":[]}}]}}"""));
        AssertJson(
            """{"n":1,"list":["a",true],"inner":{"d":"2026-01-06T05:02:00.000Z"},"unset":null}""",
            Read("Properties", """
                {"properties":{"property":[
                  {"key":"n","value":{"number":{"value":1}}},
                  {"key":"list","value":{"array":{"elements":[{"string":{"value":"a"}},{"boolean":{"value":true}}]}}},
                  {"key":"inner","value":{"properties":{"property":[{"key":"d","value":{"date":{"value":"2026-01-06T05:02:00Z"}}}]}}},
                  {"key":"unset"}]}}
                """));
        AssertJson(
            """[{"type":"VC:VirtualMachine","id":"vm-1"}]""",
            Read("Array/VC:VirtualMachine", """{"array":{"elements":[{"sdk-object":{"id":"vm-1"}}]}}"""));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public void TryRead_MissingValue_IsUnset(string? wire) => Assert.Null(Read("string", wire));

    [Theory]
    [InlineData("secure-string")]
    [InlineData("SecureString")]
    [InlineData("secureString")]
    [InlineData("secure_string")]
    [InlineData("SECURE-STRING")]
    public void TryRead_KindNames_AnyCaseAndSeparator(string kind) =>
        AssertJson("\"pw\"", Read("SecureString", $$$"""{"{{{kind}}}":{"value":"pw","isPlainText":true}}"""));

    [Fact]
    public void TryRead_FieldNames_AnyCaseAndSeparator()
    {
        AssertJson("\"x\"", Read("string", """{"String":{"Value":"x"}}"""));
        AssertJson("[1]", Read("Array/number", """{"Array":{"Elements":[{"NUMBER":{"VALUE":1}}]}}"""));
        AssertJson("\"pw\"", Read("SecureString", """{"secureString":{"value":"pw","is-plain-text":"true"}}"""));
        AssertJson(
            """{"type":"VC:VirtualMachine","id":"vm-1","displayValue":"web"}""",
            Read("VC:VirtualMachine", """{"sdk_object":{"ID":"vm-1","display-value":"web"}}"""));
        AssertJson("""{"name":"a","mimeType":"text/plain"}""", Read("Any", """{"mimeAttachment":{"name":"a","mimeType":"text/plain"}}"""));
    }

    [Fact]
    public void TryRead_ObjectTypeDiscriminator_IsIgnored() =>
        AssertJson("\"x\"", Read("string", """{"objectType":"string-parameter","string":{"value":"x"}}"""));

    // vro.md §4 notes: "a lenient server should coerce kind→declared type where lossless".
    [Theory]
    [InlineData("SecureString", """{"string":{"value":"x"}}""", "\"x\"")]
    [InlineData("number", """{"string":{"value":"20"}}""", "20")]
    [InlineData("boolean", """{"string":{"value":"False"}}""", "false")]
    [InlineData("string", """{"number":{"value":20}}""", "\"20\"")]
    [InlineData("string", """{"secure-string":{"value":"pw"}}""", "\"pw\"")]
    [InlineData("Date", """{"string":{"value":"2026-01-06T05:02:00Z"}}""", "\"2026-01-06T05:02:00.000Z\"")]
    [InlineData("Date", """{"number":{"value":1419025426833}}""", "\"2014-12-19T21:43:46.833Z\"")]
    [InlineData("VC:VirtualMachine", """{"string":{"value":"vm-42"}}""", """{"type":"VC:VirtualMachine","id":"vm-42"}""")]
    [InlineData("Any", """{"number":{"value":"20"}}""", "20")]
    [InlineData("Any", """{"string":{"value":20}}""", "\"20\"")]
    [InlineData("Any", """{"sdk-object":{"type":"VC:Datastore","id":"ds-1"}}""", """{"type":"VC:Datastore","id":"ds-1"}""")]
    [InlineData("Array/Any", """{"array":{"elements":[{"string":{"value":"a"}},{"number":{"value":1}}]}}""", """["a",1]""")]
    [InlineData("Properties", """{"properties":{"property":[]}}""", "{}")]
    public void TryRead_OtherKind_IsCoercedWhenLossless(string type, string wire, string expected) => AssertJson(expected, Read(type, wire));

    [Theory]
    [InlineData("number", """{"string":{"value":"abc"}}""", "expected a number, got \"abc\"")]
    [InlineData("number", """{"number":{"value":"abc"}}""", "expected a number, got \"abc\"")]
    [InlineData("string", """{"array":{"elements":[]}}""", "expected a string, got an array")]
    [InlineData("Array/number", """{"array":{"elements":[{"number":{"value":1}},{"string":{"value":"x"}}]}}""", "element 1: expected a number, got \"x\"")]
    [InlineData("Array/number", """{"array":{"elements":[{"bogus":{}}]}}""", "element 0: 'bogus' is not a value kind; use string, number, boolean, date, array, properties, secure-string, encrypted-string, sdk-object, regex, mime-attachment or composite")]
    [InlineData("Properties", """{"properties":{"property":[{"key":"n","value":{"date":{"value":"soon"}}}]}}""", "property \"n\": expected a date (ISO-8601 with an offset or Z, or Unix milliseconds), got \"soon\"")]
    [InlineData("Properties", """{"properties":{"property":[{"value":{"string":{"value":"v"}}}]}}""", "property 0: a key is required")]
    [InlineData("Properties", """{"string":{"value":"x"}}""", "expected an object of properties, got \"x\"")]
    [InlineData("VC:VirtualMachine", """{"sdk-object":"vm-1"}""", "an sdk-object value must look like {\"type\":\"NS:Type\",\"id\":…}")]
    [InlineData("VC:VirtualMachine", """{"sdk-object":{"type":"VC:VirtualMachine"}}""", "an sdk-object value must look like {\"type\":\"NS:Type\",\"id\":…}")]
    [InlineData("VC:VirtualMachine", """{"number":{"value":1}}""", "expected a VC:VirtualMachine reference (an object with an id, or the id as a string), got 1")]
    [InlineData("Array/string", """{"array":{"elements":5}}""", "an array value must look like {\"elements\":[…]}")]
    [InlineData("string", """{"string":[1]}""", "a string value must look like {\"value\":…}")]
    [InlineData("Any", """{"mime-attachment":"x"}""", "a mime-attachment value must look like {\"name\":…,\"mime-type\":…,\"content\":\"<base64>\"}")]
    public void TryRead_MalformedOrMismatched_IsAnError(string type, string wire, string expected) => Assert.Equal(expected, ReadFails(type, wire));

    [Theory]
    [InlineData("\"Apple\"", "a value must be an object naming its kind, such as {\"string\":{\"value\":\"x\"}}")]
    [InlineData("[]", "a value must be an object naming its kind, such as {\"string\":{\"value\":\"x\"}}")]
    [InlineData("{}", "a value needs a key naming its kind: string, number, boolean, date, array, properties, secure-string, encrypted-string, sdk-object, regex, mime-attachment or composite")]
    [InlineData("""{"string":{"value":"a"},"number":{"value":1}}""", "a value names exactly one kind, got string, number")]
    [InlineData("""{"text":{"value":"a"}}""", "'text' is not a value kind; use string, number, boolean, date, array, properties, secure-string, encrypted-string, sdk-object, regex, mime-attachment or composite")]
    public void TryRead_WrapperWithoutOneKnownKind_IsAnError(string wire, string expected) => Assert.Equal(expected, ReadFails("string", wire));

    [Theory]
    [InlineData("false")]
    [InlineData("\"false\"")]
    public void TryRead_EncryptedOrMaskedSecureString_IsRefused(string plain)
    {
        var error = ReadFails("SecureString", $$$"""{"secure-string":{"value":"*****","isPlainText":{{{plain}}}}}""");

        Assert.Equal("an encrypted or masked secure-string cannot be read; send the clear value with \"isPlainText\":true", error);
        Assert.DoesNotContain("*****", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ScalarWithoutValue_IsUnset()
    {
        Assert.Null(Read("string", """{"string":{}}"""));
        Assert.Null(Read("number", """{"number":{"value":null}}"""));
        AssertJson("[]", Read("Array/string", """{"array":{}}"""));
    }

    [Fact]
    public void TryRead_Result_IsDetachedFromTheRequest()
    {
        var body = JsonNode.Parse("""{"value":{"properties":{"property":[{"key":"k","value":{"string":{"value":"v"}}}]}}}""")!;

        Assert.True(VcoValues.TryRead(ParameterType.Any, body["value"], out var canonical, out _));

        Assert.Null(canonical!.Parent);
        var moved = new JsonObject { ["moved"] = canonical };
        Assert.Same(moved, canonical.Parent);
    }
}
