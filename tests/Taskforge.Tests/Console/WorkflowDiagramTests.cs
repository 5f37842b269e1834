using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Workflows;

namespace Taskforge.Tests.Console;

/// <summary>A workflow's steps as arrows (where each step leads) and as SVG (boxes, routed arrows, escaped text).</summary>
public sealed class WorkflowDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Steps_LeadToTheNextInOrder_UnlessNextNamesAnother_AndTheLastEndsTheRun()
    {
        var definition = Read("""
            [{"id": "a", "type": "script", "script": "x = 1;"},
             {"id": "b", "type": "script", "script": "x = 2;", "next": "d"},
             {"id": "c", "type": "wait", "duration": "PT1M"},
             {"id": "d", "type": "script", "script": "x = 3;"}]
            """);

        var edges = WorkflowFlow.Edges(definition);

        Assert.Equal(
            [new FlowEdge(WorkflowFlow.Start, "a", FlowKind.Next), new FlowEdge("a", "b", FlowKind.Next), new FlowEdge("b", "d", FlowKind.Next),
             new FlowEdge("c", "d", FlowKind.Next), new FlowEdge("d", WorkflowFlow.End, FlowKind.Next)],
            edges);
    }

    [Fact]
    public void ADecision_LeadsWhereItsBranchesAndDefaultSay_AndEndAndFailLeadNowhere()
    {
        var definition = Read("""
            [{"id": "judge", "type": "decision", "branches": [{"condition": "used > 90", "next": "alert"}, {"condition": "used > 80", "next": "warn"}], "default": "fine", "next": "warn"},
             {"id": "warn", "type": "script", "script": "x = 1;", "next": "fine"},
             {"id": "alert", "type": "fail", "message": "Full"},
             {"id": "fine", "type": "end"}]
            """);

        var edges = WorkflowFlow.Edges(definition);

        Assert.Equal(
            [new FlowEdge(WorkflowFlow.Start, "judge", FlowKind.Next),
             new FlowEdge("judge", "alert", FlowKind.Branch, "used > 90"), new FlowEdge("judge", "warn", FlowKind.Branch, "used > 80"),
             new FlowEdge("judge", "fine", FlowKind.Otherwise, "otherwise"), new FlowEdge("warn", "fine", FlowKind.Next)],
            edges);
    }

    [Fact]
    public void TheDrawing_HasABoxPerStep_ArrowsStraightDownToTheNextBox_AndLanesForJumps()
    {
        var definition = Read("""
            [{"id": "judge", "type": "decision", "name": "Over threshold?", "branches": [{"condition": "used > 90", "next": "alert"}], "default": "report"},
             {"id": "report", "type": "script", "name": "Report", "script": "x = 1;", "next": "done"},
             {"id": "alert", "type": "fail", "name": "Alert", "message": "Full"},
             {"id": "done", "type": "end"},
             {"id": "child", "type": "workflow", "workflow": "cleanup"}]
            """);

        var svg = Parse(WorkflowDiagram.Render(definition).ToString()!);

        var nodes = svg.Descendants(Svg + "g").Where(g => Class(g).StartsWith("wf-node ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["wf-node wf-start", "wf-node wf-decision", "wf-node wf-script", "wf-node wf-fail", "wf-node wf-end", "wf-node wf-workflow", "wf-node wf-start"],
            nodes.Select(Class));
        var paths = svg.Descendants(Svg + "path").Where(p => Class(p).StartsWith("wf-edge", StringComparison.Ordinal)).Select(p => p.Attribute("d")!.Value).ToList();
        // start→judge, judge→report (the default, right below) and child→end go straight down; the branch and the jump take lanes.
        Assert.Equal(3, paths.Count(d => d.Contains(" V", StringComparison.Ordinal) && !d.Contains(" H", StringComparison.Ordinal)));
        Assert.Equal(2, paths.Count(d => d.Contains(" H", StringComparison.Ordinal)));
        Assert.Contains(svg.Descendants(Svg + "text"), t => Class(t) == "wf-label wf-branch" && t.Value == "used > 90");
        Assert.Contains(svg.Descendants(Svg + "text"), t => Class(t) == "wf-label wf-otherwise" && t.Value == "otherwise");
        Assert.Equal("/workflows/cleanup", svg.Descendants(Svg + "a").Single().Attribute("href")!.Value);
        Assert.StartsWith("0 0 ", svg.Attribute("viewBox")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileNamesAndConditions_AreEscapedText_NeverMarkup()
    {
        const string hostile = "<script>alert(1)</script>\"'&";
        var definition = Read($$"""
            [{"id": "x", "type": "decision", "name": {{JsonValue.Create(hostile).ToJsonString()}},
              "branches": [{"condition": "a < b && \"<img src=x onerror=alert(2)>\"", "next": "y"}], "default": "y"},
             {"id": "y", "type": "workflow", "name": "\"><svg onload=alert(3)>", "workflow": "a\"b<c"}]
            """, name: "</title><script>alert(4)</script>");

        var markup = WorkflowDiagram.Render(definition).ToString()!;
        var svg = Parse(markup);

        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "img" or "foreignObject");
        Assert.DoesNotContain(svg.DescendantsAndSelf().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("The steps of </title><script>alert(4)</script>", svg.Element(Svg + "title")!.Value);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "<script>alert(1)</script>\"'&");
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value.Contains("a < b && \"<img src=x onerror=alert(2)>\"", StringComparison.Ordinal));
        Assert.Equal("/workflows/a%22b%3Cc", svg.Descendants(Svg + "a").Single().Attribute("href")!.Value);
        Assert.DoesNotContain("<script", markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LongTexts_AreCutWithAnEllipsis_AndKeptWholeInTheTooltip()
    {
        var name = new string('n', 80);
        var definition = Read($$"""[{"id": "s", "type": "script", "name": "{{name}}", "script": "x = 1;"}]""");

        var svg = Parse(WorkflowDiagram.Render(definition).ToString()!);

        var title = svg.Descendants(Svg + "text").Single(t => Class(t) == "wf-name" && t.Value.StartsWith('n'));
        Assert.Equal(new string('n', 29) + "…", title.Value);
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value.StartsWith(name, StringComparison.Ordinal));
    }

    private static WorkflowDefinition Read(string steps, string name = "Diagram") =>
        WorkflowDefinitionReader.Read((JsonObject)JsonNode.Parse($$"""{"name": {{JsonValue.Create(name).ToJsonString()}}, "steps": {{steps}}}""")!, "diagram");

    private static XElement Parse(string markup) => XElement.Parse(markup);

    private static string Class(XElement element) => element.Attribute("class")?.Value ?? "";
}
