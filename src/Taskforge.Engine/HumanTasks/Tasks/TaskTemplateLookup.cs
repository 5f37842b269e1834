using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

public static class TaskTemplateLookup
{
    /// <summary>The template version a task was made from (from memory after the first read); a task whose template is gone is a bug.</summary>
    public static async Task<TemplateView> OfTaskAsync(this TaskTemplateService templates, HumanTask task, CancellationToken ct) =>
        await templates.FindOfTaskAsync(task.TemplateId, ct) ?? throw new InvalidOperationException($"Task {task.Id} names template {task.TemplateId}, which is gone.");
}
