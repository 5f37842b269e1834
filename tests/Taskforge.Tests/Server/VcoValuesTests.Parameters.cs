using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows;
using Taskforge.Server.Faces.Vco;

namespace Taskforge.Tests.Server;

/// <summary>Reading parameter lists from execution contexts and task bodies (vro.md §3.1, §3.2, §3.5).</summary>
public sealed partial class VcoValuesTests
{
    private static IReadOnlyList<VcoParameter> Parameters(string body)
    {
        var errors = new ValidationErrors();
        var parameters = VcoValues.ReadParameters(JsonNode.Parse(body)!.AsObject(), errors);
        Assert.False(errors.Any);
        return parameters;
    }

    private static IReadOnlyDictionary<string, string[]> ParameterErrors(string body, out IReadOnlyList<VcoParameter> parameters)
    {
        var errors = new ValidationErrors();
        parameters = VcoValues.ReadParameters(JsonNode.Parse(body)!.AsObject(), errors);
        return Assert.Throws<ValidationException>(errors.ThrowIfAny).Errors;
    }

    private static JsonNode? ReadValue(VcoParameter parameter)
    {
        Assert.True(VcoValues.TryRead(ParameterType.Parse(parameter.Type!), parameter.Value, out var canonical, out var error), error);
        return canonical;
    }

    [Fact]
    public void ReadParameters_CapturedExecutionContext_GivesTypedValues()
    {
        var parameters = Parameters("""
            {"parameters":[
              {"value":{"string":{"value":"Apple"}},"type":"string","name":"a","scope":"local"},
              {"value":{"number":{"value":20}},"type":"number","name":"b","scope":"local"}]}
            """);

        Assert.Equal(["a", "b"], parameters.Select(p => p.Name));
        Assert.All(parameters, p => Assert.Equal("local", p.Scope));
        AssertJson("\"Apple\"", ReadValue(parameters[0]));
        AssertJson("20", ReadValue(parameters[1]));
    }

    [Fact]
    public void ReadParameters_CapturedExecutionDetail_GivesTypedValues()
    {
        var body = JsonNode.Parse("""
            {"id":"ff8080814a1cb55c014a6481a9927a78","name":"Request Component","state":"completed",
             "input-parameters":[{"value":{"string":{"value":"2"}},"type":"string","name":"coreCount","scope":"local"},
               {"value":{"array":{"elements":[{"string":{"value":"role[base]"}}]}},"type":"Array/string","name":"runlist","scope":"local"}],
             "output-parameters":[{"value":{"number":{"value":326.0}},"type":"number","name":"requestNumber","scope":"local"}]}
            """)!.AsObject();
        var errors = new ValidationErrors();

        var inputs = VcoValues.ReadParameters(body, errors);

        Assert.False(errors.Any);
        Assert.Equal(["coreCount", "runlist"], inputs.Select(p => p.Name));
        AssertJson("\"2\"", ReadValue(inputs[0]));
        AssertJson("""["role[base]"]""", ReadValue(inputs[1]));
        Assert.True(VcoValues.TryRead(ParameterType.Number, body["output-parameters"]![0]!["value"], out var output, out _));
        AssertJson("326", output);
    }

    [Fact]
    public void ReadParameters_TaskBodies_WithAndWithoutValues()
    {
        var created = Parameters("""
            {"name":"Send Hello Task","input-parameters":[
              {"name":"name","type":"string","scope":"local","value":{"string":{"value":"John Smith"}}}]}
            """);
        var echoed = Parameters("""{"input-parameters":[{"name":"vraHost","type":"VRA:Host","description":""}]}""");

        AssertJson("\"John Smith\"", ReadValue(created.Single()));
        Assert.Equal(new VcoParameter("vraHost", "VRA:Host", null, "", null), echoed.Single());
    }

    [Theory]
    [InlineData("parameters")]
    [InlineData("parameter")]
    [InlineData("input-parameters")]
    [InlineData("inputParameters")]
    [InlineData("input_parameters")]
    [InlineData("Parameters")]
    public void ReadParameters_ListName_AnyKnownSpelling(string key) =>
        Assert.Equal("x", Parameters($$"""{"{{key}}":[{"name":"x"}]}""").Single().Name);

    [Fact]
    public void ReadParameters_FirstPresentName_Wins()
    {
        Assert.Equal("p", Parameters("""{"input-parameters":[{"name":"i"}],"parameter":[{"name":"q"}],"parameters":[{"name":"p"}]}""").Single().Name);
        Assert.Equal("q", Parameters("""{"input-parameters":[{"name":"i"}],"parameter":[{"name":"q"}]}""").Single().Name);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"parameters":[]}""")]
    [InlineData("""{"parameters":null}""")]
    [InlineData("""{"executionId":"x"}""")]
    public void ReadParameters_NoneGiven_IsEmpty(string body) => Assert.Empty(Parameters(body));

    [Fact]
    public void ReadParameters_OptionalFields_AreKeptAsSent()
    {
        var parameter = Parameters("""{"parameters":[{"name":" a ","type":"number","scope":"token","description":"None","updated":false,"encrypt-value":false}]}""").Single();

        Assert.Equal(new VcoParameter("a", "number", "token", "None", null), parameter);
    }

    [Fact]
    public void ReadParameters_Value_IsDetachedFromTheBody()
    {
        var parameter = Parameters("""{"parameters":[{"name":"a","value":{"string":{"value":"x"}}}]}""").Single();

        Assert.Null(parameter.Value!.Parent);
    }

    [Fact]
    public void ReadParameters_MissingName_IsReportedByIndexAndSkipped()
    {
        var errors = ParameterErrors("""{"parameters":[{"name":"ok"},{"type":"string"},{"name":"  "},"x",{"name":{"a":1},"type":[1]}]}""", out var parameters);

        Assert.Equal("ok", parameters.Single().Name);
        Assert.Equal(["is required"], errors["parameters[1].name"]);
        Assert.Equal(["is required"], errors["parameters[2].name"]);
        Assert.Equal(["must be an object"], errors["parameters[3]"]);
        Assert.Equal(["must be a string"], errors["parameters[4].name"]);
        Assert.Equal(["must be a string"], errors["parameters[4].type"]);
    }

    [Fact]
    public void ReadParameters_Errors_NameTheListAsSent()
    {
        var errors = ParameterErrors("""{"input-parameters":[{"type":"string"}]}""", out _);

        Assert.Equal(["is required"], errors["input-parameters[0].name"]);
    }

    [Fact]
    public void ReadParameters_ListThatIsNotAList_IsAnError()
    {
        var errors = ParameterErrors("""{"parameters":5}""", out var parameters);

        Assert.Empty(parameters);
        Assert.Equal(["must be a list of parameters"], errors["parameters"]);
    }

    // vRO 7-era scripts send XML (G71); VcoBody turns it into this JSON, which must read the same.
    [Fact]
    public void ReadParameters_XmlExecutionContext_GivesTypedValues()
    {
        var xml = XElement.Parse("""
            <execution-context xmlns="http://www.vmware.com/vco">
              <parameters>
                <parameter name="name" type="string" scope="local"><string>John Smith</string></parameter>
                <parameter name="count" type="number"><number>20</number></parameter>
                <parameter name="tags" type="Array/string"><array><elements><string>a</string><string>b</string></elements></array></parameter>
                <parameter name="props" type="Properties"><properties><property><key>k</key><value><string>v</string></value></property></properties></parameter>
                <parameter name="secret" type="SecureString"><secure-string>pw</secure-string></parameter>
                <parameter name="unset" type="string"/>
              </parameters>
            </execution-context>
            """);
        var errors = new ValidationErrors();

        var parameters = VcoValues.ReadParameters(VcoBody.ToJson(xml)!.AsObject(), errors);

        Assert.False(errors.Any);
        Assert.Equal(["name", "count", "tags", "props", "secret", "unset"], parameters.Select(p => p.Name));
        AssertJson("\"John Smith\"", ReadValue(parameters[0]));
        AssertJson("20", ReadValue(parameters[1]));
        AssertJson("""["a","b"]""", ReadValue(parameters[2]));
        AssertJson("""{"k":"v"}""", ReadValue(parameters[3]));
        AssertJson("\"pw\"", ReadValue(parameters[4]));
        Assert.Null(parameters[5].Value);
    }

    [Fact]
    public void ReadParameters_XmlSingleParameter_IsAListOfOne()
    {
        var xml = XElement.Parse("""<execution-context><parameters><parameter name="a" type="boolean"><boolean>true</boolean></parameter></parameters></execution-context>""");

        var parameters = VcoValues.ReadParameters(VcoBody.ToJson(xml)!.AsObject(), new ValidationErrors());

        AssertJson("true", ReadValue(parameters.Single()));
    }
}
