using Taskforge.Server.Cli;

return await TaskforgeCli.RunAsync(args);

/// <summary>The entry point; the command line is <see cref="TaskforgeCli"/>, the server <see cref="Taskforge.Server.Hosting.TaskforgeHost"/>.</summary>
public partial class Program;
