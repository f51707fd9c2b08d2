using System.CommandLine;
using ExactCheck.Cli;

var parsed = Commands.Build().Parse(args);
int code = parsed.Invoke();
// Bad usage (unknown option, missing argument) exits 2 like an unreadable input, not 1 (a verdict). README § Exit codes.
return parsed.Errors.Count > 0 ? 2 : code;
