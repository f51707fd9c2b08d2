using System.CommandLine;
using ExactCheck.Cli;

return Commands.Build().Parse(args).Invoke();
