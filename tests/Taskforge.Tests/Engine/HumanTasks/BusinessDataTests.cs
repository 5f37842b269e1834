using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Tests.Engine.HumanTasks;

public sealed class BusinessDataTests
{
    private static readonly MessageType Claim = TaskTemplateReader.Read(
        DefinitionDocuments.Parse(RepoFiles.Read("samples", "task-templates", "expense-approval.json"), yaml: false), HumanTaskIds.NewTemplateId()).Input!;

    private const string ClaimXml = """
        <e:expenseClaim xmlns:e="http://taskforge.example/expenses" currency="CHF">
          <employee>Ann O'Neil</employee>
          <amount> 120.50 </amount>
          <submitted>2026-01-31</submitted>
          <items><text>Train</text><amount>80.00</amount></items>
          <items><text>Lunch</text><amount>40.5</amount></items>
        </e:expenseClaim>
        """;

    [Fact]
    public void XmlToJson_MapsElementsArraysTypesAndAttributes()
    {
        var json = BusinessData.XmlToJson(ClaimXml, Claim);

        Assert.Equal("CHF", json["@currency"]!.GetValue<string>());
        Assert.Equal("Ann O'Neil", json["employee"]!.GetValue<string>());
        Assert.Equal(120.50m, json["amount"]!.GetValue<decimal>());
        Assert.Equal("2026-01-31", json["submitted"]!.GetValue<string>());
        var items = Assert.IsType<JsonArray>(json["items"]);
        Assert.Equal(2, items.Count);
        Assert.Equal("Lunch", items[1]!["text"]!.GetValue<string>());
        Assert.Equal(40.5m, items[1]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public void RepeatedField_WithOneElement_IsStillAnArray()
    {
        var json = BusinessData.XmlToJson("""
            <e:expenseClaim xmlns:e="http://taskforge.example/expenses"><employee>a</employee><amount>1</amount>
            <submitted>2026-01-01</submitted><items><text>x</text><amount>1</amount></items></e:expenseClaim>
            """, Claim);

        Assert.Single(Assert.IsType<JsonArray>(json["items"]));
    }

    [Fact]
    public void RoundTrip_XmlJsonXml_GivesTheCanonicalXml_AndJsonXmlJson_IsIdentity()
    {
        var json = BusinessData.XmlToJson(ClaimXml, Claim);
        var xml = BusinessData.JsonToXml(json, Claim);
        var again = BusinessData.XmlToJson(xml, Claim);

        Assert.Equal(
            """<ns:expenseClaim xmlns:ns="http://taskforge.example/expenses" currency="CHF"><employee>Ann O'Neil</employee><amount>120.50</amount><submitted>2026-01-31</submitted><items><text>Train</text><amount>80.00</amount></items><items><text>Lunch</text><amount>40.5</amount></items></ns:expenseClaim>""",
            xml);
        Assert.True(JsonNode.DeepEquals(json, again));
        Assert.Equal(xml, BusinessData.NormalizeXml(xml, Claim));
    }

    [Fact]
    public void RoundTrip_EveryType()
    {
        var type = new MessageType("all", null,
        [
            Field("s", FieldType.String), Field("i", FieldType.Int), Field("l", FieldType.Long), Field("big", FieldType.Integer),
            Field("d", FieldType.Double), Field("inf", FieldType.Double), Field("m", FieldType.Decimal), Field("b", FieldType.Boolean),
            Field("day", FieldType.Date), Field("at", FieldType.DateTime), Field("t", FieldType.Time),
        ]);
        var xml = "<all><s> keep  spaces </s><i>-7</i><l>9000000000</l><big>123456789012345678901234567890</big><d>1.5</d><inf>INF</inf>"
            + "<m>0.10</m><b>1</b><day>2026-02-28</day><at>2026-02-28T23:59:59.5+01:00</at><t>10:00:00Z</t></all>";

        var json = BusinessData.XmlToJson(xml, type);
        var back = BusinessData.JsonToXml(json, type);

        Assert.Equal(" keep  spaces ", json["s"]!.GetValue<string>());
        Assert.Equal(-7, json["i"]!.GetValue<int>());
        Assert.Equal(9_000_000_000L, json["l"]!.GetValue<long>());
        Assert.Equal("123456789012345678901234567890", json["big"]!.ToJsonString());
        Assert.Equal(1.5, json["d"]!.GetValue<double>());
        Assert.Equal("INF", json["inf"]!.GetValue<string>());
        Assert.True(json["b"]!.GetValue<bool>());
        Assert.Equal(xml.Replace("<b>1</b>", "<b>true</b>", StringComparison.Ordinal), back);
        Assert.True(JsonNode.DeepEquals(json, BusinessData.XmlToJson(back, type)));
    }

    [Fact]
    public void JsonToXml_AcceptsNumericStrings_And_OneValueForARepeatedField()
    {
        var json = JsonNode.Parse("""
            {"@currency": "EUR", "employee": "Bo", "amount": "99.90", "submitted": "2026-03-01", "items": {"text": "Taxi", "amount": 12}}
            """)!.AsObject();

        var xml = BusinessData.JsonToXml(json, Claim);

        Assert.Contains("<amount>99.90</amount>", xml, StringComparison.Ordinal);
        Assert.Contains("<items><text>Taxi</text><amount>12</amount></items>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void XmlValidation_NamesEveryBadField()
    {
        var error = Assert.Throws<ValidationException>(() => BusinessData.XmlToJson("""
            <e:expenseClaim xmlns:e="http://taskforge.example/expenses" currency="CHF" color="red">
              <amount>lots</amount><amount>2</amount>
              <submitted>2026-02-30</submitted>
              <items><text>A</text></items>
              <items><text>B</text><amount>x</amount><extra/></items>
              <bonus>1</bonus>
            </e:expenseClaim>
            """, Claim));

        Assert.Equal(
            ["@color", "amount", "bonus", "employee", "items[0].amount", "items[1].amount", "items[1].extra", "submitted"],
            error.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("not repeated", error.Errors["amount"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void XmlValidation_WrongRootOrNamespace_IsADocumentError()
    {
        var wrongNamespace = Assert.Throws<ValidationException>(() => BusinessData.XmlToJson("<expenseClaim xmlns='urn:other'/>", Claim));
        var text = Assert.Throws<ValidationException>(() => BusinessData.XmlToJson("<e:expenseClaim xmlns:e='http://taskforge.example/expenses'>hello</e:expenseClaim>", Claim));

        Assert.Contains("{http://taskforge.example/expenses}expenseClaim", wrongNamespace.Errors["$"][0], StringComparison.Ordinal);
        Assert.Contains("text", text.Errors["$"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void JsonValidation_NamesEveryBadField()
    {
        var json = JsonNode.Parse("""
            {"employee": 42, "amount": true, "submitted": "31.01.2026", "items": [{"text": "a", "amount": 1}, null, {"text": ["x"]}],
             "currency": "CHF", "@employee": "x"}
            """)!.AsObject();

        var error = Assert.Throws<ValidationException>(() => BusinessData.JsonToXml(json, Claim));

        Assert.Equal(
            ["@employee", "amount", "currency", "employee", "items[1]", "items[2].amount", "items[2].text", "submitted"],
            error.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("""<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><e:expenseClaim xmlns:e="http://taskforge.example/expenses"><employee>&x;</employee></e:expenseClaim>""")]
    [InlineData("""<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><a>&lol2;</a>""")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>""")]
    public void XmlWithADtd_IsRefused_NothingIsResolved(string xml)
    {
        var error = Assert.Throws<ValidationException>(() => BusinessData.XmlToJson(xml, Claim));

        Assert.Contains("DTD", error.Errors["$"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void NotWellFormedXml_IsADocumentError()
    {
        var error = Assert.Throws<ValidationException>(() => BusinessData.XmlToJson("<a><b></a>", Claim));

        Assert.StartsWith("not well-formed XML", error.Errors["$"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyMessages_AreTheRootAlone()
    {
        Assert.Equal("""<ns:expenseClaim xmlns:ns="http://taskforge.example/expenses" />""", BusinessData.EmptyXml(Claim));
        Assert.Equal("<plain />", BusinessData.EmptyXml(new MessageType("plain", null, [])));
    }

    private static MessageField Field(string name, FieldType type) => new(name, type, Required: true, Repeated: false, Attribute: false, []);
}
