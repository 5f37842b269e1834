using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Html;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Faces.Console.Workflows;

/// <summary>
/// A workflow's steps as an inline SVG drawn on the server (no script): one box per step in the definition's order, top to
/// bottom, with its name and kind; an arrow straight down to the step below, and arrows that jump (a <c>next</c>, a
/// decision's branches) routed in lanes on the right, each branch labelled with its condition. Colours come from the
/// console's stylesheet (classes only), so the drawing follows light and dark mode; the <c>viewBox</c> lets it shrink to
/// a phone's width. Every text is escaped here, the one place it is written (<see cref="SvgText"/>).
/// </summary>
public static class WorkflowDiagram
{
    private const double Margin = 16;
    private const double BoxWidth = 248;
    private const double BoxHeight = 52;
    private const double PillWidth = 96;
    private const double PillHeight = 30;
    private const double Gap = 40;
    private const double SlotStep = 22;
    private const double LaneStep = 16;
    private const double LabelCharWidth = 6.4;
    private const int TitleChars = 30;
    private const int DetailChars = 34;
    private const int LabelChars = 28;
    private const double Center = Margin + (BoxWidth / 2);

    // Drawn a fifth larger than its coordinates on a wide screen (13px names read as the page's body text); narrower
    // screens shrink it to fit through the viewBox.
    private const double Scale = 1.2;

    public static IHtmlContent Render(WorkflowDefinition definition)
    {
        var edges = WorkflowFlow.Edges(definition);
        var nodes = Nodes(definition, edges);
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var routes = Route(edges, nodes);
        Place(nodes, routes);
        var lanes = AssignLanes(routes, byId);
        var labelSpace = LabelSpace(routes);
        var laneBase = Margin + BoxWidth + labelSpace + 14;
        var width = Math.Max(Margin + BoxWidth + labelSpace, lanes == 0 ? 0 : laneBase + (LaneStep * (lanes - 1))) + Margin;
        var height = nodes[^1].Top + nodes[^1].Height + Margin;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="wf-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {N(width)} {N(height)}" width="{N(width * Scale)}" height="{N(height * Scale)}" role="img" aria-labelledby="wf-diagram-title">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="wf-diagram-title">The steps of {SvgText.Escape(definition.Name)}</title>""");
        svg.Append("<defs>");
        foreach (var kind in Enum.GetValues<FlowKind>())
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<marker id="wf-arrow-{Css(kind)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="wf-arrowhead wf-{Css(kind)}"/></marker>""");
        }

        svg.Append("</defs><g class=\"wf-edges\">");
        foreach (var route in routes)
        {
            var from = byId[route.Edge.From];
            var to = byId[route.Edge.To];
            var path = route.Straight
                ? $"M{N(Center)},{N(from.Top + from.Height)} V{N(to.Top - 1)}"
                : $"M{N(from.Right)},{N(route.ExitY)} H{N(laneBase + (LaneStep * route.Lane))} V{N(to.Top + 10)} H{N(to.Right + 1)}";
            svg.Append(CultureInfo.InvariantCulture, $"""<path d="{path}" class="wf-edge wf-{Css(route.Edge.Kind)}" marker-end="url(#wf-arrow-{Css(route.Edge.Kind)})">""");
            if (route.Edge.Label is { } label)
            {
                svg.Append("<title>").Append(SvgText.Escape(label)).Append("</title>");
            }

            svg.Append("</path>");
        }

        svg.Append("</g><g class=\"wf-nodes\">");
        foreach (var node in nodes)
        {
            DrawNode(svg, node);
        }

        svg.Append("</g><g class=\"wf-labels\">");
        foreach (var route in routes.Where(r => r.Edge.Label is not null))
        {
            var from = byId[route.Edge.From];
            var (x, y) = route.Straight ? (Center + 8, from.Top + from.Height + (Gap / 2) + 4) : (from.Right + 6, route.ExitY - 6);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(x)}" y="{N(y)}" class="wf-label wf-{Css(route.Edge.Kind)}">{SvgText.Line(route.Edge.Label, LabelChars)}</text>""");
        }

        svg.Append("</g></svg>");
        return new HtmlString(svg.ToString());
    }

    private static void DrawNode(StringBuilder svg, Node node)
    {
        if (node.Href is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<a href="{SvgText.Escape(node.Href)}" class="wf-link">""");
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<g class="wf-node wf-{node.Css}"><title>{SvgText.Escape(node.Tooltip)}</title>""");
        var rounding = node.Terminal ? node.Height / 2 : 8;
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(node.Left)}" y="{N(node.Top)}" width="{N(node.Width)}" height="{N(node.Height)}" rx="{N(rounding)}" class="wf-box"/>""");
        if (node.Detail is null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(Center)}" y="{N(node.Top + (node.Height / 2) + 5)}" text-anchor="middle" class="wf-name">{SvgText.Line(node.Title, TitleChars)}</text>""");
        }
        else
        {
            var textX = node.Left + (node.Terminal ? 22 : 16);
            if (!node.Terminal)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{N(node.Left)}" y="{N(node.Top)}" width="5" height="{N(node.Height)}" rx="2" class="wf-stripe"/>""");
            }

            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(textX)}" y="{N(node.Top + 21)}" class="wf-name">{SvgText.Line(node.Title, TitleChars)}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(textX)}" y="{N(node.Top + 39)}" class="wf-detail">{SvgText.Line(node.Detail, DetailChars)}</text>""");
        }

        svg.Append("</g>");
        if (node.Href is not null)
        {
            svg.Append("</a>");
        }
    }

    /// <summary>Start, the steps in order, and an end for runs that go past the last step.</summary>
    private static List<Node> Nodes(WorkflowDefinition definition, IReadOnlyList<FlowEdge> edges)
    {
        var nodes = new List<Node> { new(WorkflowFlow.Start, "Start", null, "start", "The run starts here", null, Terminal: true) };
        foreach (var step in definition.Steps)
        {
            var (detail, href) = Describe(step);
            var tooltip = $"{step.DisplayName} ({step.Id}): {detail}";
            nodes.Add(new Node(step.Id, step.DisplayName, detail, step.Kind.ToString().ToLowerInvariant(), tooltip, href, step.Kind is StepKind.End or StepKind.Fail));
        }

        if (edges.Any(e => e.To == WorkflowFlow.End))
        {
            nodes.Add(new Node(WorkflowFlow.End, "End", null, "start", "The run completes here", null, Terminal: true));
        }

        return nodes;
    }

    /// <summary>A step's kind and what it does, in a few words; a workflow step links to the workflow it runs.</summary>
    private static (string Detail, string? Href) Describe(StepDefinition step) => step.Kind switch
    {
        StepKind.Script => ("script · " + (step.Script ?? ""), null),
        StepKind.Decision => ($"decision · {step.Branches?.Count ?? 0} {((step.Branches?.Count ?? 0) == 1 ? "branch" : "branches")}{(step.Default is null ? "" : " + default")}", null),
        StepKind.Wait => (step.Duration is { } duration ? "wait · " + XmlConvert.ToString(duration) : "wait until · " + step.Until, null),
        StepKind.Workflow => ("runs workflow · " + step.Workflow, step.Workflow is { Length: > 0 } called ? "/workflows/" + Uri.EscapeDataString(called) : null),
        StepKind.Http => ($"HTTP {step.Http?.Method} · {step.Http?.Url}", null),
        StepKind.Task => ("human task · " + step.Template, null),
        StepKind.Fail => ("fails · " + step.Message, null),
        _ => ("end", null),
    };

    /// <summary>
    /// Which arrows go straight down (the first one from a node to the node right below it) and which take a lane. A
    /// node's lane arrows leave its right side at their own heights, counted from the bottom: arrows down first, the
    /// nearest target lowest, then arrows up, the farthest lowest. Farther targets get outer lanes, so arrows leaving one
    /// node in that order do not cross each other.
    /// </summary>
    private static List<EdgeRoute> Route(IReadOnlyList<FlowEdge> edges, List<Node> nodes)
    {
        var index = nodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var straightFrom = new HashSet<string>(StringComparer.Ordinal);
        var routes = new List<EdgeRoute>();
        foreach (var edge in edges.Where(e => index.ContainsKey(e.From) && index.ContainsKey(e.To)))
        {
            var straight = index[edge.To] == index[edge.From] + 1 && straightFrom.Add(edge.From);
            routes.Add(new EdgeRoute(edge, straight));
        }

        foreach (var node in nodes)
        {
            var leaving = routes.Where(r => !r.Straight && r.Edge.From == node.Id)
                .Select(r => (Route: r, Distance: index[r.Edge.To] - index[node.Id]))
                .OrderBy(r => r.Distance > 0 ? 0 : 1)
                .ThenBy(r => r.Distance)
                .ToList();
            for (var slot = 0; slot < leaving.Count; slot++)
            {
                leaving[slot].Route.Slot = slot;
            }

            node.Slots = leaving.Count;
        }

        return routes;
    }

    private static void Place(List<Node> nodes, List<EdgeRoute> routes)
    {
        var top = Margin;
        foreach (var node in nodes)
        {
            var pill = node.Detail is null;
            node.Width = pill ? PillWidth : BoxWidth;
            node.Left = pill ? Center - (PillWidth / 2) : Margin;
            node.Height = pill ? PillHeight : Math.Max(BoxHeight, 24 + (SlotStep * node.Slots));
            node.Top = top;
            top += node.Height + Gap;
        }

        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        foreach (var route in routes.Where(r => !r.Straight))
        {
            var from = byId[route.Edge.From];
            route.ExitY = from.Top + from.Height - 10 - (SlotStep * route.Slot);
        }
    }

    /// <summary>Gives each jumping arrow the innermost lane free over its height, shortest arrows first; returns how many lanes.</summary>
    private static int AssignLanes(List<EdgeRoute> routes, Dictionary<string, Node> byId)
    {
        var taken = new List<List<(double Low, double High)>>();
        foreach (var route in routes.Where(r => !r.Straight).OrderBy(r => Math.Abs((byId[r.Edge.To].Top + 10) - r.ExitY)))
        {
            var entry = byId[route.Edge.To].Top + 10;
            var (low, high) = (Math.Min(route.ExitY, entry) - 4, Math.Max(route.ExitY, entry) + 4);
            var lane = taken.FindIndex(l => l.All(s => s.High < low || s.Low > high));
            if (lane < 0)
            {
                lane = taken.Count;
                taken.Add([]);
            }

            taken[lane].Add((low, high));
            route.Lane = lane;
        }

        return taken.Count;
    }

    /// <summary>Room right of the boxes for the labels of arrows that leave there (and of long labels between boxes).</summary>
    private static double LabelSpace(List<EdgeRoute> routes) => routes.Where(r => r.Edge.Label is not null)
        .Select(r => (Math.Min(r.Edge.Label!.Length, LabelChars) * LabelCharWidth) + (r.Straight ? 8 - (BoxWidth / 2) : 10))
        .DefaultIfEmpty(0).Max() is var space && space > 0 ? space : 0;

    private static string Css(FlowKind kind) => kind.ToString().ToLowerInvariant();

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private sealed record Node(string Id, string Title, string? Detail, string Css, string Tooltip, string? Href, bool Terminal)
    {
        public double Left { get; set; }

        public double Top { get; set; }

        public double Width { get; set; }

        public double Height { get; set; }

        public int Slots { get; set; }

        public double Right => Left + Width;
    }

    private sealed record EdgeRoute(FlowEdge Edge, bool Straight)
    {
        public int Slot { get; set; }

        public double ExitY { get; set; }

        public int Lane { get; set; }
    }
}
