using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Server.Faces.Console.Forms;

namespace Taskforge.Tests.Console;

/// <summary>Business data as a form and back: paths the engine's errors name, browser input forms, rows added and removed.</summary>
public sealed class MessageFormTests
{
    private static readonly MessageType Review = new("review", "urn:test", [
        new MessageField("currency", FieldType.String, Required: false, Repeated: false, Attribute: true, []),
        new MessageField("approved", FieldType.Boolean, Required: true, Repeated: false, Attribute: false, []),
        new MessageField("decidedAt", FieldType.DateTime, Required: false, Repeated: false, Attribute: false, []),
        new MessageField("meetsAt", FieldType.Time, Required: false, Repeated: false, Attribute: false, []),
        new MessageField("conditions", FieldType.String, Required: false, Repeated: true, Attribute: false, []),
        new MessageField("reviewer", FieldType.Complex, Required: true, Repeated: false, Attribute: false, [
            new MessageField("name", FieldType.String, Required: true, Repeated: false, Attribute: false, []),
            new MessageField("lines", FieldType.Complex, Required: false, Repeated: true, Attribute: false, [
                new MessageField("amount", FieldType.Decimal, Required: true, Repeated: false, Attribute: false, []),
            ]),
        ]),
    ]);

    [Fact]
    public void Read_TurnsBrowserInputsIntoTheEnginesJson_AndDropsEmptyRows()
    {
        var form = Form(
            ("data.@currency", "CHF"),
            ("data.approved", "false"), ("data.approved", "true"),
            ("data.decidedAt", "2026-12-07T09:30"),
            ("data.meetsAt", "14:05"),
            ("data.conditions[0]", "signed"), ("data.conditions[1]", ""), ("data.conditions[2]", "stamped"),
            ("data.reviewer.name", "Mia"),
            ("data.reviewer.lines[0].amount", "12.50"), ("data.reviewer.lines[1].amount", ""));

        var json = MessageForm.Read(Review, form);

        Assert.Equal("""{"@currency":"CHF","approved":true,"decidedAt":"2026-12-07T09:30:00Z","meetsAt":"14:05:00","conditions":["signed","stamped"],"reviewer":{"name":"Mia","lines":[{"amount":"12.50"}]}}""",
            json.ToJsonString());
        Assert.Contains("<approved>true</approved>", BusinessMessage.FromJson(json).ToCanonicalXml(Review), StringComparison.Ordinal);
    }

    [Fact]
    public void TheEnginesErrors_LandOnTheFieldsTheyName()
    {
        var json = MessageForm.Read(Review, Form(("data.approved", "false"), ("data.reviewer.lines[0].amount", "a lot")));
        var errors = Assert.Throws<ValidationException>(() => BusinessMessage.FromJson(json).ToCanonicalXml(Review)).Errors;

        var nodes = MessageForm.Build(Review, json, errors);

        var reviewer = Assert.IsType<GroupNode>(nodes.Single(n => n.Path == "reviewer"));
        var name = Assert.IsType<ValueNode>(reviewer.Fields.Single(n => n.Path == "reviewer.name"));
        Assert.Equal(["is required."], name.Errors);
        Assert.Equal("data.reviewer.name", name.InputName);
        var amount = Assert.IsType<ValueNode>(Assert.IsType<GroupNode>(Assert.IsType<ListNode>(reviewer.Fields[1]).Rows[0]).Fields[0]);
        Assert.Equal("reviewer.lines[0].amount", amount.Path);
        Assert.Equal("a lot", amount.Value);
        Assert.Single(amount.Errors);
    }

    [Fact]
    public void EditRows_AddsAndRemovesRows_EvenInsideAGroupNobodyFilledIn()
    {
        var json = MessageForm.Read(Review, Form(("data.conditions[0]", "a"), ("data.conditions[1]", "b")), keepEmptyRows: true);

        Assert.True(MessageForm.EditRows(Review, json, Form((MessageForm.AddRow, "reviewer.lines"))));
        Assert.True(MessageForm.EditRows(Review, json, Form((MessageForm.RemoveRow, "conditions[0]"))));
        Assert.False(MessageForm.EditRows(Review, json, Form((MessageForm.RemoveRow, "approved"))));

        Assert.Equal("""{"conditions":["b"],"reviewer":{"lines":[{}]}}""", json.ToJsonString());
        var lines = Assert.IsType<ListNode>(Assert.IsType<GroupNode>(MessageForm.Build(Review, json, null)[5]).Fields[1]);
        Assert.Equal("reviewer.lines[0].amount", Assert.IsType<GroupNode>(Assert.Single(lines.Rows)).Fields[0].Path);
    }

    [Fact]
    public void Build_ShowsStoredValuesTheWayTheInputsTakeThem()
    {
        var json = JsonNode.Parse("""{"approved":true,"decidedAt":"2026-12-07T10:30:00+01:00","meetsAt":"14:05:00Z"}""")!.AsObject();

        var nodes = MessageForm.Build(Review, json, null);

        Assert.Equal("true", Value(nodes, "approved"));
        Assert.Equal("2026-12-07T09:30:00", Value(nodes, "decidedAt"));
        Assert.Equal("14:05:00", Value(nodes, "meetsAt"));
        Assert.Equal("Decided at", nodes.Single(n => n.Path == "decidedAt").Label);
        Assert.Equal("f-reviewer-lines-0--amount", new ValueNode("reviewer.lines[0].amount", "", false, [], FieldType.Decimal, "").Id);
    }

    private static string Value(IReadOnlyList<FormNode> nodes, string path) => Assert.IsType<ValueNode>(nodes.Single(n => n.Path == path)).Value;

    private static FormCollection Form(params (string Name, string Value)[] fields) =>
        new(fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(f => f.Value)])));
}
