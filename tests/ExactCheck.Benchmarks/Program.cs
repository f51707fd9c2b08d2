// ExactCheck.Benchmarks — BenchmarkDotNet measurements of the arithmetic kernel's basic costs.
//
// Full run (BenchmarkDotNet default job; long — several minutes per benchmark class on a small machine):
//   dotnet run -c Release --project tests/ExactCheck.Benchmarks -- --filter '*'
// Quick mode (ShortRun job: 1 launch, 3 warm-up + 3 measured iterations; wider error bars, ~5 minutes in all):
//   dotnet run -c Release --project tests/ExactCheck.Benchmarks -- --filter '*' --job short
// One class or method only (globs on the full name):
//   dotnet run -c Release --project tests/ExactCheck.Benchmarks -- --filter '*Elementary*' --job short
// List the benchmarks without running them:
//   dotnet run -c Release --project tests/ExactCheck.Benchmarks -- --list flat
//
// Results go to ./BenchmarkDotNet.Artifacts/ (ignored by git). See README.md in this folder for measured numbers.
using BenchmarkDotNet.Running;

namespace ExactCheck.Benchmarks;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
