namespace Taskforge.Storage;

/// <summary>
/// A version or lease fence failed inside a group commit: it rolls the group back (the others are retried alone), and
/// the write that threw it answers its caller as lost (a task change false, a run's checkpoint null).
/// </summary>
internal sealed class FenceFailedException : Exception;
