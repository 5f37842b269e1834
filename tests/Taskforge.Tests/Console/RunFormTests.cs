using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Forms;

namespace Taskforge.Tests.Console;

/// <summary>A workflow's typed inputs as a form and back: controls per type, defaults, rows, the engine's JSON, secrets never echoed.</summary>
public sealed class RunFormTests
{
    private static readonly ParameterDefinition[] Inputs =
    [
        new("hostname", ParameterType.String, "The machine's name", null, Required: true),
        new("cpus", ParameterType.Number, null, JsonValue.Create(2), Required: false),
        new("backup", ParameterType.Boolean, null, JsonValue.Create(true), Required: false),
        new("startAt", ParameterType.Date, null, JsonValue.Create("2026-03-01T09:00:00.000Z"), Required: false),
        new("tags", ParameterType.ArrayOf(ParameterType.String), null, new JsonArray("web", "eu"), Required: false),
        new("labels", ParameterType.Properties, null, new JsonObject { ["team"] = "ops", ["tier"] = 1 }, Required: false),
        new("rootPassword", ParameterType.SecureString, null, JsonValue.Create("default-secret"), Required: true),
        new("extra", ParameterType.Any, null, null, Required: false),
        new("vm", ParameterType.Parse("VC:VirtualMachine"), null, null, Required: false),
        new("matrix", ParameterType.ArrayOf(ParameterType.ArrayOf(ParameterType.Number)), null, null, Required: false),
    ];

    [Fact]
    public void EachType_GetsItsControl()
    {
        var kinds = RunForm.Build(Inputs).Select(i => i.Kind);

        Assert.Equal(
            [RunInputKind.Text, RunInputKind.Number, RunInputKind.Boolean, RunInputKind.Date, RunInputKind.List, RunInputKind.Properties,
             RunInputKind.Secret, RunInputKind.Json, RunInputKind.Json, RunInputKind.Json],
            kinds);
    }

    [Fact]
    public void Build_FillsInTheDefaults_ExceptTheSecureString()
    {
        var form = RunForm.Build(Inputs);

        Assert.Equal("", Input(form, "hostname").Value);
        Assert.Equal("2", Input(form, "cpus").Value);
        Assert.Equal("true", Input(form, "backup").Value);
        Assert.Equal("2026-03-01T09:00:00", Input(form, "startAt").Value);
        Assert.Equal(["web", "eu"], Input(form, "tags").Rows);
        Assert.Equal([new PropertyRow("team", "ops"), new PropertyRow("tier", "1")], Input(form, "labels").Pairs);
        Assert.Equal("", Input(form, "rootPassword").Value);
        Assert.Equal("rootPassword", Input(form, "rootPassword").Label);
        Assert.Equal("in.tags[1]", Input(form, "tags").RowName(1));
    }

    [Fact]
    public void APost_BecomesTheLooseJsonTheEngineTypes()
    {
        var posted = RunForm.Read(Inputs, Form(
            ("in.hostname", "web-01"), ("in.cpus", " 4 "), ("in.backup", "false"),
            ("in.startAt", "2026-03-01T10:30"),
            ("in.tags[0]", "web"), ("in.tags[1]", ""), ("in.tags[2]", "db"),
            ("in.labels[0].key", "team"), ("in.labels[0].value", "ops"), ("in.labels[1].key", ""), ("in.labels[1].value", ""),
            ("in.rootPassword", "s3cret pass"), ("in.extra", """{"a": [1, 2]}"""), ("in.vm", "vm-42")));

        var (values, rejected) = RunForm.Values(posted);

        Assert.Empty(rejected);
        Assert.Equal("""{"hostname":"web-01","cpus":"4","backup":false,"startAt":"2026-03-01T10:30:00Z","tags":["web","db"],"labels":{"team":"ops"},"rootPassword":"s3cret pass","extra":{"a":[1,2]},"vm":"vm-42"}""",
            new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).ToJsonString());
        foreach (var parameter in Inputs.Where(p => values.ContainsKey(p.Name)))
        {
            Assert.True(ParameterValues.TryCoerce(parameter.Type, values[parameter.Name], out _, out var error), $"{parameter.Name}: {error}");
        }
    }

    [Fact]
    public void ATickedBox_WinsOverItsHiddenFalse_AndEmptyInputsAreNotGiven()
    {
        var (values, _) = RunForm.Values(RunForm.Read(Inputs, Form(("in.backup", "false"), ("in.backup", "true"), ("in.hostname", ""), ("in.rootPassword", ""))));

        Assert.True(values["backup"]!.GetValue<bool>());
        Assert.False(values.ContainsKey("hostname"));
        Assert.False(values.ContainsKey("rootPassword"));
        Assert.False(values.ContainsKey("tags"));
    }

    [Fact]
    public void WhatTheFormCannotRead_IsRejectedWithAReason()
    {
        var (values, rejected) = RunForm.Values(RunForm.Read(Inputs, Form(
            ("in.extra", "{not json"), ("in.labels[0].key", ""), ("in.labels[0].value", "orphan"), ("in.matrix", "[[1], [2, 3]]"))));

        Assert.StartsWith("is not valid JSON", rejected["extra"], StringComparison.Ordinal);
        Assert.Equal("row 1 has a value but no key.", rejected["labels"]);
        Assert.Equal("[[1],[2,3]]", values["matrix"]!.ToJsonString());
    }

    [Fact]
    public void EditRows_AddsAndRemovesRowsAndProperties()
    {
        var posted = RunForm.Read(Inputs, Form(("in.tags[0]", "a"), ("in.tags[1]", "b"), ("in.labels[0].key", "k"), ("in.labels[0].value", "v")));

        var added = RunForm.EditRows(posted, Form((RunForm.AddRow, "labels")))!;
        var removed = RunForm.EditRows(added, Form((RunForm.RemoveRow, "tags[0]")))!;

        Assert.Equal([new PropertyRow("k", "v"), new PropertyRow("", "")], Input(added, "labels").Pairs);
        Assert.Equal(["b"], Input(removed, "tags").Rows);
        Assert.Null(RunForm.EditRows(posted, Form(("in.hostname", "x"))));
        Assert.Null(RunForm.EditRows(posted, Form((RunForm.RemoveRow, "nothing[0]"))));
    }

    [Fact]
    public void ShowAgain_PutsTheEnginesProblemsBesideTheirInputs_AndNeverEchoesASecret()
    {
        var secrets = Inputs.Append(new ParameterDefinition("keys", ParameterType.ArrayOf(ParameterType.SecureString), null, null, Required: false)).ToArray();
        var posted = RunForm.Read(secrets, Form(("in.hostname", "web-01"), ("in.rootPassword", "s3cret"), ("in.keys[0]", "k3y"), ("in.cpus", "many")));

        var again = RunForm.ShowAgain(posted, new Dictionary<string, string[]> { ["cpus"] = ["expected a number, got \"many\""] });

        Assert.Equal("Expected a number, got \"many\"", Input(again, "cpus").Error);
        Assert.Equal("many", Input(again, "cpus").Value);
        Assert.Equal("web-01", Input(again, "hostname").Value);
        Assert.Null(Input(again, "hostname").Error);
        Assert.Equal("", Input(again, "rootPassword").Value);
        Assert.Equal([""], Input(again, "keys").Rows);
        Assert.DoesNotContain(again, i => i.Value.Contains("s3cret", StringComparison.Ordinal) || i.Rows.Contains("k3y"));
    }

    private static RunInput Input(IReadOnlyList<RunInput> inputs, string name) => inputs.Single(i => i.Name == name);

    private static FormCollection Form(params (string Name, string Value)[] fields) =>
        new(fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(f => f.Value)])));
}
