using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExactCheck.Cli.Tests.Report;

/// <summary>
/// Debian's Chromium, headless, for the report tests: the command-line modes (--screenshot, --dump-dom) and a tiny
/// DevTools-protocol client that records console errors, uncaught exceptions, log errors and failed loads. Every
/// launch gets a fresh profile and no network features; the DevTools socket is on 127.0.0.1 only.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>The browser binary: $EXACTCHECK_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH; null if none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("EXACTCHECK_CHROMIUM") is { Length: > 0 } env && File.Exists(env)) return env;
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    public const string SkipMessage = "no Chromium found (apt-get install chromium, as .ci/run does; or set EXACTCHECK_CHROMIUM): browser test skipped";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
    ];

    private static ProcessStartInfo Start(IEnumerable<string> args, out string profile)
    {
        profile = Directory.CreateTempSubdirectory("exactcheck-chromium-").FullName;
        var info = new ProcessStartInfo(Find() ?? throw new InvalidOperationException(SkipMessage))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var f in Flags) info.ArgumentList.Add(f);
        info.ArgumentList.Add($"--user-data-dir={profile}");
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>Runs the browser to completion (a --screenshot or --dump-dom run); returns stdout.</summary>
    public static string Run(TimeSpan timeout, params string[] args)
    {
        var info = Start(args, out var profile);
        try
        {
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {timeout.TotalSeconds} s: {string.Join(' ', args)}");
            }
            Task.WaitAll(stdout, stderr);
            return stdout.Result;
        }
        finally { TryDelete(profile); }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>What a page did while loading: problems (console errors, exceptions, log errors, failed loads) and a value computed in it.</summary>
    public sealed record PageLoad(IReadOnlyList<string> Problems, string? Evaluated);

    /// <summary>Loads <paramref name="url"/> under the DevTools protocol, collects every problem, then evaluates <paramref name="expression"/>.</summary>
    public static async Task<PageLoad> LoadAsync(string url, string expression, TimeSpan timeout)
    {
        var info = Start(["--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"], out var profile);
        using var cts = new CancellationTokenSource(timeout);
        using var p = Process.Start(info)!;
        _ = p.StandardOutput.ReadToEndAsync(cts.Token);
        _ = p.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            // Chromium writes the port it chose to <profile>/DevToolsActivePort.
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2) await Task.Delay(50, cts.Token);
            int port = int.Parse(File.ReadAllLines(portFile)[0]);
            using var http = new HttpClient();
            string? pageSocket = null;
            while (pageSocket is null)
            {
                var list = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cts.Token))!.AsArray();
                pageSocket = list.FirstOrDefault(t => t?["type"]?.GetValue<string>() == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
                if (pageSocket is null) await Task.Delay(50, cts.Token);
            }
            using var ws = new ClientWebSocket();
            await ws.ConnectAsync(new Uri(pageSocket), cts.Token);
            var client = new Cdp(ws);
            foreach (var domain in new[] { "Runtime", "Log", "Network", "Page" }) await client.CallAsync($"{domain}.enable", null, cts.Token);
            await client.CallAsync("Page.navigate", new JsonObject { ["url"] = url }, cts.Token);
            await client.WaitForEventAsync("Page.loadEventFired", cts.Token);
            var result = await client.CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, cts.Token);
            await client.DrainAsync(TimeSpan.FromMilliseconds(500), cts.Token); // late messages
            return new PageLoad(client.Problems, result?["result"]?["value"]?.ToJsonString());
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None);
            TryDelete(profile);
        }
    }

    /// <summary>Just enough of the DevTools protocol: numbered calls, events, and the problems they report.</summary>
    private sealed class Cdp(ClientWebSocket ws)
    {
        private int _next;
        private readonly List<JsonNode> _events = [];
        public List<string> Problems { get; } = [];

        private async Task<JsonNode?> ReceiveAsync(CancellationToken token)
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            while (true)
            {
                var r = await ws.ReceiveAsync(buffer, token);
                if (r.MessageType == WebSocketMessageType.Close) return null;
                message.Write(buffer, 0, r.Count);
                if (r.EndOfMessage) break;
            }
            var node = JsonNode.Parse(message.ToArray());
            if (node?["method"] is { } method) Note((string)method!, node["params"]);
            return node;
        }

        private static string? S(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private void Note(string method, JsonNode? p)
        {
            _events.Add(new JsonObject { ["method"] = method });
            string? type = S(p?["type"]), level = S(p?["entry"]?["level"]), url = S(p?["request"]?["url"]);
            if (method == "Runtime.consoleAPICalled" && type is "error" or "assert" or "warning")
                Problems.Add("console." + type + ": " + p?["args"]?.ToJsonString());
            else if (method == "Runtime.exceptionThrown")
                Problems.Add("exception: " + (p?["exceptionDetails"]?["exception"]?["description"] ?? p?["exceptionDetails"]?["text"])?.ToJsonString());
            else if (method == "Log.entryAdded" && level is "error" or "warning")
                Problems.Add("log " + level + ": " + S(p?["entry"]?["text"]) + " (" + S(p?["entry"]?["url"]) + ")");
            else if (method == "Network.loadingFailed")
                Problems.Add("load failed: " + S(p?["errorText"]));
            else if (method == "Network.requestWillBeSent" && url is not null && !url.StartsWith("file:", StringComparison.Ordinal) &&
                     !url.StartsWith("data:", StringComparison.Ordinal) && url != "about:blank")
                Problems.Add("network request: " + url);
        }

        public async Task<JsonNode?> CallAsync(string method, JsonObject? parameters, CancellationToken token)
        {
            int id = ++_next;
            var request = new JsonObject { ["id"] = id, ["method"] = method };
            if (parameters is not null) request["params"] = parameters;
            await ws.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, token);
            while (true)
            {
                var m = await ReceiveAsync(token) ?? throw new InvalidOperationException("DevTools socket closed");
                if ((int?)m["id"] == id)
                {
                    if (m["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
                    return m["result"];
                }
            }
        }

        public async Task WaitForEventAsync(string method, CancellationToken token)
        {
            while (!_events.Any(e => S(e["method"]) == method))
                _ = await ReceiveAsync(token) ?? throw new InvalidOperationException("DevTools socket closed");
        }

        public async Task DrainAsync(TimeSpan time, CancellationToken token)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(token);
            quiet.CancelAfter(time);
            try { while (await ReceiveAsync(quiet.Token) is not null) { } }
            catch (OperationCanceledException) when (!token.IsCancellationRequested) { }
            catch (WebSocketException) when (!token.IsCancellationRequested) { }
        }
    }
}

/// <summary>A fact that is skipped, with <see cref="HeadlessChromium.SkipMessage"/>, only where no Chromium is installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessChromium.Find() is null) Skip = HeadlessChromium.SkipMessage;
    }
}
