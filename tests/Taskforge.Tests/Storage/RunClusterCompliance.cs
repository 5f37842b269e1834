using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Scripting;
using Taskforge.Storage;
using Taskforge.Storage.Runs;
using Taskforge.Storage.Workflows;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Storage;

/// <summary>Two engines (separate database objects and node ids) on one database: every run is driven by exactly one of them.</summary>
public abstract class RunClusterCompliance : StoreTestBase
{
    private const int Runs = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_DriveEveryRunOnce()
    {
        var store = new SqlWorkflowStore(Database);
        var workflows = new WorkflowService(store, new WorkflowDefinitions(store), Time);
        await workflows.SaveAsync(Caller.System, "cluster", DefinitionDocuments.Parse("""
            {"name":"Cluster","output-parameters":[{"name":"trail","type":"Array/string","default":[]}],
             "steps":[{"id":"a","type":"script","script":"trail.push('a'); System.log('a');"},
                      {"id":"b","type":"script","script":"trail.push('b'); System.log('b');"},
                      {"id":"c","type":"script","script":"trail.push('c'); System.log('c');"}]}
            """, yaml: false), Ct);
        var runs = new RunService(workflows, new SqlRunStore(Database), new RunWakeSignal(Time), new RunCancellations(), Time);
        var ids = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            ids.Add((await runs.StartAsync(Caller.System, "cluster", new Dictionary<string, JsonNode?>(), Ct)).Id);
        }

        await using var nodeA = StorageServiceCollectionExtensions.Open(Options);
        await using var nodeB = StorageServiceCollectionExtensions.Open(Options);
        var ticks = new[] { Tick(nodeA, "node-a"), Tick(nodeB, "node-b") };
        var claimed = await Task.WhenAll(ticks.Select(t => Task.Run(async () =>
        {
            var total = 0;
            for (var round = 0; round < 20; round++)
            {
                total += await t.RunOnceAsync(Ct);
            }

            return total;
        }, Ct)));

        var runStore = new SqlRunStore(Database);
        foreach (var id in ids)
        {
            var run = await runStore.FindAsync(id, Ct);
            Assert.Equal(RunState.Completed, run!.State);
            Assert.Equal(["a", "b", "c"], JsonNode.Parse(run.Variables)!["trail"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray());
            var lines = (await runStore.ListLogsAsync(id, 100, Ct)).Where(l => l.Origin == "system").Select(l => l.Message).ToArray();
            Assert.Equal(["a", "b", "c"], lines);
        }

        Assert.Equal(Runs, claimed.Sum());
    }

    private RunTick Tick(SqlDatabase database, string node) => new(
        new SqlRunStore(database), new WorkflowDefinitions(new SqlWorkflowStore(database)), new ScriptRunner(Time, new ScriptLimits()), new NoHttpStepClient(), new RunCancellations(), Time,
        Microsoft.Extensions.Options.Options.Create(new RunOptions { BatchSize = 7 }), Microsoft.Extensions.Options.Options.Create(new NodeOptions { Id = node }),
        Microsoft.Extensions.Options.Options.Create(new HttpStepOptions()));
}
