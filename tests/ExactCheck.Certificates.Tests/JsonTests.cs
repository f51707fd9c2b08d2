using System.Text.Json;

namespace ExactCheck.Certificates.Tests;

public class JsonTests
{
    private static JsonElement Root(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void HintsAbsentGiveTheDefault()
    {
        var (precision, hints) = Json.Hints(Root("{}"), 256, 64, 4096);
        Assert.Equal(256, precision);
        Assert.Null(hints);
        Assert.Equal(320, Json.Hints(Root("""{"hints": {}}"""), 320, 64, 4096).Precision);
    }

    [Fact]
    public void HintsReadThePrecisionAndLeaveOtherKeysToTheCaller()
    {
        var (precision, hints) = Json.Hints(Root("""{"hints": {"precision": 128, "sigma": "0.5"}}"""), 320, 64, 4096, "sigma");
        Assert.Equal(128, precision);
        Assert.Equal("0.5", hints!.Value.GetProperty("sigma").GetString());
    }

    [Theory]
    [InlineData("""{"hints": 3}""", "$.hints: expected an object, found a number")]
    [InlineData("""{"hints": {"sigma": "1"}}""", "$.hints.sigma: unknown key; expected one of precision")]
    [InlineData("""{"hints": {"precision": 128, "precision": 192}}""", "$.hints.precision: duplicate key")]
    [InlineData("""{"hints": {"precision": "128"}}""", "$.hints.precision: expected an integer in [64, 4096], found \"128\"")]
    [InlineData("""{"hints": {"precision": 1.5}}""", "$.hints.precision: expected an integer in [64, 4096], found 1.5")]
    [InlineData("""{"hints": {"precision": 32}}""", "$.hints.precision: 32 outside the allowed range [64, 4096]")]
    [InlineData("""{"hints": {"precision": 5000}}""", "$.hints.precision: 5000 outside the allowed range [64, 4096]; 4096 is a limit (docs/limits.md names the constant to change to raise it)")]
    public void MalformedHintsSayWhereAndWhat(string json, string message)
    {
        var e = Assert.Throws<MalformedException>(() => Json.Hints(Root(json), 256, 64, 4096));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void UnknownHintKeysListEveryAllowedKey()
    {
        var e = Assert.Throws<MalformedException>(() => Json.Hints(Root("""{"hints": {"shift": "1"}}"""), 320, 64, 4096, "sigma"));
        Assert.Equal("$.hints.shift: unknown key; expected one of precision, sigma", e.Message);
    }
}
