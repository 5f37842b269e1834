using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Tests.Engine;

public sealed class WorkflowDefinitionReaderTests
{
    private const string Hello = """
        {"id": "hello", "name": "Say hello", "category": "Samples", "version": "1.0.0",
         "input-parameters": [{"name": "name", "type": "string"}],
         "output-parameters": [{"name": "greeting", "type": "string"}],
         "steps": [{"id": "greet", "type": "script",
                    "script": "greeting = 'Hello, ' + name; System.log(greeting);"}]}
        """;

    [Fact]
    public void Read_TheIssueExample_GivesATypedDefinition()
    {
        var definition = WorkflowDefinitionReader.Read(Parse(Hello), "hello");

        Assert.Equal("Say hello", definition.Name);
        Assert.Equal("Samples", definition.Category);
        Assert.Equal(ParameterType.String, Assert.Single(definition.Inputs).Type);
        Assert.Equal("greeting", Assert.Single(definition.Outputs).Name);
        var step = Assert.Single(definition.Steps);
        Assert.Equal(StepKind.Script, step.Kind);
    }

    [Fact]
    public void Read_ReportsEveryProblemAtOnce_WithItsPath()
    {
        var document = Parse("""
            {"name": "Broken",
             "input-parameters": [{"name": "x", "type": "string"}, {"name": "x", "type": "Array/nonsense"}],
             "attributes": [{"name": "count", "type": "number", "value": "abc"}],
             "steps": [
               {"id": "a", "type": "script", "script": "var = ;", "next": "nowhere"},
               {"id": "a", "type": "teleport"},
               {"id": "b", "type": "decision", "branches": [{"condition": "count > 1", "next": "ghost"}], "default": "a"},
               {"id": "c", "type": "wait", "duration": "five minutes"}
             ]}
            """);

        var error = Assert.Throws<ValidationException>(() => WorkflowDefinitionReader.Read(document, "broken"));

        var fields = error.Errors.Keys.ToHashSet();
        Assert.Contains("input-parameters[1].name", fields);
        Assert.Contains("input-parameters[1].type", fields);
        Assert.Contains("attributes[0].value", fields);
        Assert.Contains("steps[0].script", fields);
        Assert.Contains("steps[0].next", fields);
        Assert.Contains("steps[1].id", fields);
        Assert.Contains("steps[1].type", fields);
        Assert.Contains("steps[2].branches[0].next", fields);
        Assert.Contains("steps[3].duration", fields);
        Assert.Contains("line 1", error.Errors["steps[0].script"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ChecksTaskSteps_WithTheirPaths()
    {
        var document = Parse("""
            {"name": "Tasks", "output-parameters": [{"name": "ok", "type": "boolean"}],
             "steps": [
               {"type": "task", "template": "{http://example/approvals}Approve", "inputs": {"amount": "1 +"}, "outputs": {"ok": "approved", "ghost": "x"}},
               {"type": "task"},
               {"type": "task", "template": "_TKT:not-hex"},
               {"type": "task", "template": "{http://example/approvals}"},
               {"type": "fail", "fault": "has space"}
             ]}
            """);

        var error = Assert.Throws<ValidationException>(() => WorkflowDefinitionReader.Read(document, "tasks"));

        Assert.Equal(
            ["steps[0].inputs.amount", "steps[0].outputs.ghost", "steps[1].template", "steps[2].template", "steps[3].template", "steps[4].fault"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
        var good = WorkflowDefinitionReader.Read(Parse("""
            {"name": "Task", "steps": [{"type": "task", "template": "Approve", "inputs": {"amount": "2"}}, {"type": "fail", "fault": "rejected"}]}
            """), "task");
        Assert.Equal(("Approve", "2"), (good.Steps[0].Template, good.Steps[0].Inputs!["amount"]));
        Assert.Equal("rejected", good.Steps[1].Fault);
    }

    [Fact]
    public void Read_RejectsAnIdThatDiffersFromTheUrl() =>
        Assert.Contains("id", Assert.Throws<ValidationException>(() => WorkflowDefinitionReader.Read(Parse(Hello), "other")).Errors.Keys);

    [Fact]
    public void Read_AcceptsYaml()
    {
        var document = DefinitionDocuments.Parse("""
            name: Wait a bit
            attributes:
              - name: tries
                type: number
                value: 3
            permissions:
              everybody: rx
            steps:
              - id: pause
                type: wait
                duration: PT5M
              - id: done
                type: end
            """, yaml: true);

        var definition = WorkflowDefinitionReader.Read(document, "wait-a-bit");

        Assert.Equal(TimeSpan.FromMinutes(5), definition.Steps[0].Duration);
        Assert.Equal(3, Assert.Single(definition.Attributes).Value!.GetValue<double>());
        Assert.Equal(new PermissionRule("everybody", "rx"), Assert.Single(definition.Permissions));
    }

    [Fact]
    public void Rights_AreGrantedNeverAssumed()
    {
        var rules = new[] { new PermissionRule("ops", "x"), new PermissionRule("carol", "a") };
        var nobody = new Caller("1", "dave", SystemRoles.None, []);
        var operator1 = nobody with { UserName = "erin", Groups = ["OPS"] };
        var carol = nobody with { UserName = "Carol" };

        Assert.Equal("", WorkflowRights.For(nobody, rules).Letters);
        Assert.Equal("rx", WorkflowRights.For(operator1, rules).Letters);
        Assert.Equal("rxica", WorkflowRights.For(carol, rules).Letters);
        Assert.Equal("", WorkflowRights.For(nobody, []).Letters);
    }

    private static JsonObject Parse(string json) => DefinitionDocuments.Parse(json, yaml: false);
}
