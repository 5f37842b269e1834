using Taskforge.Server.Hosting;

await TaskforgeHost.Build(args).RunAsync();

/// <summary>The entry point; everything is in <see cref="TaskforgeHost"/>.</summary>
public partial class Program;
