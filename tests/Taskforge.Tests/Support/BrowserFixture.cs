using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Taskforge.Tests.Support.BrowserFixture))]

namespace Taskforge.Tests.Support;

/// <summary>
/// One headless Chromium for the whole run: Debian's <c>chromium</c> (or <c>TASKFORGE_TEST_CHROMIUM</c>) launched by its
/// path through Playwright, so nothing is downloaded at test time. Without it the console tests skip locally and fail
/// under CI. Each test gets its own browser context: its own cookies, like a separate person.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private string? _unavailable;

    public IBrowser? Browser { get; private set; }

    public static string ScreenshotFolder { get; } = Taskforge.Tests.Engine.HumanTasks.RepoFiles.Path("tests", "Taskforge.Tests", "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("TASKFORGE_TEST_CHROMIUM") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            _unavailable = $"no Chromium at {path} (apt-get install chromium)";
            if (PostgresFixture.UnderCi)
            {
                throw new InvalidOperationException($"The console tests need a browser: {_unavailable}.");
            }

            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            // The machine has no network beyond loopback: Chromium's own background traffic would only fail.
            Args =
            [
                .. Environment.UserName == "root" ? ["--no-sandbox"] : Array.Empty<string>(),
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on the server, with the given browser language and zone.</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseAddress, string locale = "en-US", string timeZone = "Europe/Zurich")
    {
        if (Browser is null)
        {
            Assert.Skip($"Chromium is not available here ({_unavailable}); under CI=true this fails instead.");
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            TimezoneId = timeZone,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Keeps a picture of the page as a test artifact (<c>TestResults/screenshots</c>).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>Keeps a picture of one part of the page (a diagram, a form) as a test artifact.</summary>
    public static async Task ScreenshotAsync(ILocator part, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png") });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
