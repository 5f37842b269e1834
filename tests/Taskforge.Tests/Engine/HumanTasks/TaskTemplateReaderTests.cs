using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Tests.Engine.HumanTasks;

public sealed class TaskTemplateReaderTests
{
    private static readonly string Id = HumanTaskIds.NewTemplateId();

    [Fact]
    public void AYamlTemplate_HasItsNumbersReadAsNumbers()
    {
        var document = DefinitionDocuments.Parse("name: T\nkind: to-do\npriority: 2\ninput: {element: e, fields: [{name: n, type: int}]}\n", yaml: true);

        var template = TaskTemplateReader.Read(document, Id);

        Assert.Equal(2, template.Priority);
        Assert.Equal(2, document["priority"]!.GetValue<int>());
        Assert.Equal(2.5m, DefinitionDocuments.Parse("x: 2.5", yaml: true)["x"]!.GetValue<decimal>());
    }

    [Fact]
    public void Read_ExpenseSample_GivesATypedTemplate()
    {
        var template = TaskTemplateReader.Read(DefinitionDocuments.Parse(RepoFiles.Read("samples", "task-templates", "expense-approval.json"), yaml: false), Id);

        Assert.Equal("ApproveExpense", template.Name);
        Assert.Equal(TaskKind.ToDo, template.Kind);
        Assert.Equal("KIND_PARTICIPATING", TaskKinds.ToIbm(template.Kind));
        Assert.Equal("Spesenabrechnung genehmigen", template.DisplayName!.Get("de-CH"));
        Assert.Equal("Approve an expense claim", template.DisplayName.Get("fr"));
        Assert.Equal(3, template.Priority);
        Assert.Equal("P7D", template.DurationUntilExpires!.Text);
        Assert.Equal(AutoDeletionMode.OnCompletion, template.AutoDeletionMode);
        Assert.True(template.Supports.SubTasks);
        Assert.Equal("finance", template.CustomTexts["customText1"]);
        Assert.Equal("{http://taskforge.example/expenses}expenseClaim", template.Input!.TypeName);
        var items = template.Input.Field("items")!;
        Assert.True(items.Repeated);
        Assert.Equal(FieldType.Decimal, Assert.Single(items.Fields, f => f.Name == "amount").Type);
        Assert.True(template.Input.Field("currency")!.Attribute);
        Assert.Equal("reason", Assert.Single(template.Faults["claimInvalid"].Fields).Name);
        Assert.Equal(["managers"], template.Roles[TaskRole.PotentialOwner].Groups);
        Assert.Equal(2, template.EscalationChains.Count);
        var second = template.EscalationChains[0].Escalations[1];
        Assert.Equal(EscalationActivationState.Ready, second.ActivationState);
        Assert.Equal(PriorityIncrease.Repeated, second.IncreasePriority);
        Assert.Equal(["head-of-finance"], second.Receivers.Users);
        Assert.Equal(EscalationActivationState.Claimed, template.EscalationChains[1].ActivationState);
        Assert.Equal(Id, template.Document["id"]!.GetValue<string>());
    }

    [Fact]
    public void Read_InvocationSampleInYaml_ChecksTheMappingAgainstTheWorkflow()
    {
        var hello = WorkflowDefinitionReader.Read(DefinitionDocuments.Parse(RepoFiles.Read("samples", "workflows", "hello.json"), yaml: false), "hello");
        var document = DefinitionDocuments.Parse(RepoFiles.Read("samples", "task-templates", "say-hello.yaml"), yaml: true);

        var template = TaskTemplateReader.Read(document, Id, id => id == "hello" ? hello : null);

        Assert.Equal(TaskKind.Invocation, template.Kind);
        Assert.Equal("hello", template.Invocation!.Workflow);
        Assert.Equal("person", template.Invocation.Inputs["name"]);
        Assert.Equal("greeting", template.Invocation.Outputs["greeting"]);
        Assert.True(template.Roles[TaskRole.PotentialStarter].Everybody);
        Assert.False(template.Roles.ContainsKey(TaskRole.PotentialOwner));
        Assert.Equal(EscalationActivationState.Running, template.EscalationChains[0].ActivationState);
    }

    [Fact]
    public void Read_MissingRoles_GetIbmDefaults_Section6_2()
    {
        var template = TaskTemplateReader.Read(Parse("""{"name": "T", "kind": "collaboration"}"""), Id);

        Assert.True(template.Roles[TaskRole.Administrator] is { Originator: true, IsDefault: true });
        Assert.True(template.Roles[TaskRole.PotentialInstanceCreator].Everybody);
        Assert.True(template.Roles[TaskRole.PotentialStarter].Originator);
        Assert.True(template.Roles[TaskRole.PotentialOwner].Everybody);
        Assert.True(template.Roles[TaskRole.Editor].IsEmpty);
        Assert.True(template.Roles[TaskRole.Reader].IsEmpty);
        Assert.True(template.Roles[TaskRole.EscalationReceiver].Administrators);
        Assert.Equal(TaskTemplate.DefaultPriority, template.Priority);
        Assert.Equal(AutoDeletionMode.None, template.AutoDeletionMode);
        Assert.Equal(new TaskTemplateSupports(), template.Supports);
    }

    [Fact]
    public void Read_EscalationWithoutReceivers_UsesTheTemplatesEscalationReceivers()
    {
        var template = TaskTemplateReader.Read(Parse("""
            {"name": "T", "kind": "to-do", "roles": {"escalationReceivers": {"groups": ["leads"]}},
             "escalationChains": [{"escalations": [{"name": "e", "durationUntilEscalated": "1hour", "expectedState": "claimed"}]}]}
            """), Id);

        var escalation = template.EscalationChains[0].Escalations[0];
        Assert.Equal(["leads"], escalation.Receivers.Groups);
        Assert.Equal(EscalationAction.CreateWorkItems, escalation.Action);
        Assert.Equal(PriorityIncrease.None, escalation.IncreasePriority);
    }

    [Theory]
    [InlineData("KIND_HUMAN", TaskKind.Collaboration)]
    [InlineData("todo", TaskKind.ToDo)]
    [InlineData("TO_DO", TaskKind.ToDo)]
    [InlineData("Administration", TaskKind.Administration)]
    public void Read_AcceptsKindNamesAndIbmConstants(string kind, TaskKind expected)
    {
        Assert.Equal(expected, TaskTemplateReader.Read(Parse($$"""{"name": "T", "kind": "{{kind}}"}"""), Id).Kind);
    }

    [Fact]
    public void Read_ReportsEveryProblemAtOnce_WithItsPath()
    {
        var document = Parse("""
            {"name": "has space", "kind": "chore", "priority": -1, "durationUntilDue": "2 fortnights",
             "supportsSubTask": "yes", "supportsSubTasks": true, "colour": "blue",
             "customTexts": {"customText9": "x"},
             "input": {"element": "1bad", "fields": [{"name": "a", "type": "money"}, {"name": "b", "type": "complex"},
                                                     {"name": "b"}, {"name": "c", "attribute": true, "repeated": true}]},
             "roles": {"owners": {"users": ["x"]}, "readers": {"users": [""], "teams": []}},
             "escalationChains": [{"escalations": [
               {"name": "e1", "durationUntilEscalated": "1day", "expectedState": "ended"},
               {"name": "e1", "activationState": "claimed", "expectedState": "claimed", "action": "fax", "increasePriority": "repeated"}]}],
             "invocation": {"workflow": "hello"}}
            """);

        var error = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(document, "_TKT:nothex"));

        var fields = error.Errors.Keys.ToHashSet();
        string[] expected =
        [
            "id", "name", "kind", "priority", "durationUntilDue", "supportsSubTask", "colour", "customTexts.customText9",
            "input.element", "input.fields[0].type", "input.fields[1].fields", "input.fields[2].name", "input.fields[3].attribute",
            "roles.owners", "roles.readers.users[0]", "roles.readers.teams",
            "escalationChains[0].escalations[0].expectedState", "escalationChains[0].escalations[1].name",
            "escalationChains[0].escalations[1].activationState", "escalationChains[0].escalations[1].expectedState",
            "escalationChains[0].escalations[1].action", "escalationChains[0].escalations[1].durationUntilEscalated",
            "escalationChains[0].escalations[1].durationUntilRepeated",
        ];
        Assert.Equal([], expected.Except(fields).ToArray());
        Assert.Contains("fortnights", error.Errors["durationUntilDue"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RolesTheKindDoesNotHave_AreRejected_Section6_1()
    {
        var error = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(Parse("""
            {"name": "T", "kind": "invocation", "roles": {"potentialOwners": "everybody", "editors": "nobody"},
             "invocation": {"workflow": "w"}}
            """), Id));

        Assert.Contains("roles.potentialOwners", error.Errors.Keys);
        Assert.Contains("roles.editors", error.Errors.Keys);
    }

    [Fact]
    public void Read_InvocationRules()
    {
        var hello = WorkflowDefinitionReader.Read(DefinitionDocuments.Parse(RepoFiles.Read("samples", "workflows", "hello.json"), yaml: false), "hello");
        var noWorkflow = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(Parse("""{"name": "T", "kind": "invocation"}"""), Id));
        var notInvocation = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(Parse("""{"name": "T", "kind": "to-do", "invocation": {"workflow": "hello"}}"""), Id));
        var badMapping = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(Parse("""
            {"name": "T", "kind": "invocation",
             "input": {"element": "in", "fields": [{"name": "who"}]}, "output": {"element": "out", "fields": [{"name": "text"}]},
             "invocation": {"workflow": "hello", "inputs": {"nom": "who", "name": "missing"}, "outputs": {"text": "farewell", "other": "greeting"}}}
            """), Id, id => id == "hello" ? hello : null));
        var unknownWorkflow = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(Parse("""{"name": "T", "kind": "invocation", "invocation": {"workflow": "nope"}}"""), Id, _ => null));

        Assert.Contains("invocation", noWorkflow.Errors.Keys);
        Assert.Contains("invocation", notInvocation.Errors.Keys);
        Assert.Contains("invocation.inputs.nom", badMapping.Errors.Keys);
        Assert.Contains("invocation.inputs.name", badMapping.Errors.Keys);
        Assert.Contains("invocation.outputs.text", badMapping.Errors.Keys);
        Assert.Contains("invocation.outputs.other", badMapping.Errors.Keys);
        Assert.Contains("invocation.workflow", unknownWorkflow.Errors.Keys);
    }

    [Fact]
    public void Read_DeletionDurationWithModeNone_IsContradiction()
    {
        var error = Assert.Throws<ValidationException>(() => TaskTemplateReader.Read(Parse("""
            {"name": "T", "kind": "to-do", "autoDeletionMode": "none", "durationUntilDeleted": "1day"}
            """), Id));

        Assert.Contains("durationUntilDeleted", error.Errors.Keys);
    }

    [Fact]
    public void HumanTaskIds_HaveIbmPrefixesAnd32Hex()
    {
        Assert.True(HumanTaskIds.IsTemplateId(HumanTaskIds.NewTemplateId()));
        Assert.True(HumanTaskIds.IsTaskId(HumanTaskIds.NewTaskId(DateTimeOffset.UnixEpoch)));
        Assert.False(HumanTaskIds.IsTaskId(HumanTaskIds.NewTemplateId()));
        Assert.False(HumanTaskIds.IsTemplateId("_TKT:123"));
    }

    private static JsonObject Parse(string json) => DefinitionDocuments.Parse(json, yaml: false);
}
