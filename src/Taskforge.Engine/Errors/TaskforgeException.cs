namespace Taskforge.Engine.Errors;

/// <summary>
/// A broken rule of the domain. Each face renders these in its own error format; expected outcomes
/// such as a lost race are results, not exceptions.
/// </summary>
public abstract class TaskforgeException : Exception
{
    protected TaskforgeException(string message) : base(message)
    {
    }

    protected TaskforgeException(string message, Exception inner) : base(message, inner)
    {
    }
}
