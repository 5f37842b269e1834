using Taskforge.Tests.Engine.HumanTasks;

namespace Taskforge.Tests.Console;

/// <summary>
/// The console's stylesheet grows by sections merged from several hands; one lost brace puts every later rule inside
/// the media query before it, and browsers say nothing (the overview's charts drew as black boxes on a wide screen).
/// </summary>
public sealed class ConsoleStylesheetTests
{
    [Fact]
    public void EveryBlockIsClosed_AndNoRuleIsNestedDeeperThanOneMediaQuery()
    {
        var css = File.ReadAllText(RepoFiles.Path("src", "Taskforge.Server", "Faces", "Console", "Assets", "console.css"));
        var depth = 0;
        var line = 1;
        var mediaDepths = new Stack<int>();
        for (var i = 0; i < css.Length; i++)
        {
            if (css[i] == '\n')
            {
                line++;
            }
            else if (css[i] == '/' && i + 1 < css.Length && css[i + 1] == '*')
            {
                var end = css.IndexOf("*/", i + 2, StringComparison.Ordinal);
                line += css.AsSpan(i, end - i).Count('\n');
                i = end + 1;
            }
            else if (css[i] == '{')
            {
                var selector = css[(css.LastIndexOfAny(['}', ';', '{'], i - 1) + 1)..i].Trim();
                if (selector.StartsWith("@media", StringComparison.Ordinal))
                {
                    Assert.True(depth == 0, $"line {line}: a media query inside another block");
                }
                else
                {
                    Assert.True(depth <= 1, $"line {line}: '{selector}' is nested {depth} deep; a block before it is not closed");
                }

                depth++;
            }
            else if (css[i] == '}')
            {
                depth--;
                Assert.True(depth >= 0, $"line {line}: a brace closes nothing");
            }
        }

        Assert.Equal(0, depth);
    }
}
