using System.Globalization;
using Bridgehead.Identity;
using Bridgehead.Imports;
using Bridgehead.Tabular;
using Bridgehead.Tests.Infrastructure;

namespace Bridgehead.Tests.Exports;

public sealed class ExportCliTests_Sqlite() : ExportCliTests(Provider.Sqlite);

public sealed class ExportCliTests_Postgres() : ExportCliTests(Provider.Postgres);

/// <summary>`bridgehead export ENTITY FILE [--as USER]` against the shared test database, as its own process.</summary>
public abstract class ExportCliTests(Provider provider) : AppTests(provider)
{
    private Dictionary<string, string> Environment() => new()
    {
        ["BRIDGEHEAD_DATABASE"] = App.ConnectionString,
        ["BRIDGEHEAD_DATA"] = Directory.CreateTempSubdirectory("bridgehead-export-cli-").FullName,
    };

    [Fact]
    public async Task Export_WritesTheFile_AsTheSystemOrAsAUser()
    {
        var seed = await ExportSeed.CreateAsync(App);
        var folder = Directory.CreateTempSubdirectory("bridgehead-export-").FullName;
        var accounts = Path.Combine(folder, "accounts.csv");
        var products = Path.Combine(folder, "products.xlsx");

        var asRep = await Infrastructure.Cli.RunAsync(Environment(), null, "export", "accounts", accounts, "--as", seed.Rep.UserName);
        var asSystem = await Infrastructure.Cli.RunAsync(Environment(), null, "export", "products", products);

        Assert.True(asRep.ExitCode == 0, asRep.Error);
        Assert.Contains(accounts, asRep.Out, StringComparison.Ordinal);
        using (var reader = TabularReader.Open(accounts, TabularFormat.Csv))
        {
            Assert.Equal(ImportFields.Accounts.Select(f => f.Key), reader.Headers);
            var ids = reader.Rows().Select(r => long.Parse(r.Cells[0]!, CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal([seed.ParentId, seed.AccountId], ids);
        }
        Assert.True(asSystem.ExitCode == 0, asSystem.Error);
        using (var reader = TabularReader.Open(products, TabularFormat.Xlsx))
        {
            Assert.Equal(ImportFields.Products.Select(f => f.Key), reader.Headers);
            var row = reader.Rows().Single(r => r.Cells[2] == seed.Sku);
            Assert.Equal("600.25", row.Cells[reader.Headers.ToList().IndexOf("unitCost")]);
        }
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
    }

    [Fact]
    public async Task Export_BadArguments_ExitWithAReason()
    {
        var folder = Directory.CreateTempSubdirectory("bridgehead-export-").FullName;
        var quality = await App.CreateUserAsync(Role.Quality);

        var entity = await Infrastructure.Cli.RunAsync(Environment(), null, "export", "tasks", Path.Combine(folder, "t.csv"));
        var extension = await Infrastructure.Cli.RunAsync(Environment(), null, "export", "accounts", Path.Combine(folder, "a.txt"));
        var user = await Infrastructure.Cli.RunAsync(Environment(), null, "export", "accounts", Path.Combine(folder, "a.csv"), "--as", "nobody-" + Guid.NewGuid().ToString("N"));
        var refused = await Infrastructure.Cli.RunAsync(Environment(), null, "export", "opportunities", Path.Combine(folder, "o.csv"), "--as", quality.UserName);

        Assert.Equal(2, entity.ExitCode);
        Assert.Equal(2, extension.ExitCode);
        Assert.Contains(".csv or .xlsx", extension.Error, StringComparison.Ordinal);
        Assert.Equal(1, user.ExitCode);
        Assert.Equal(1, refused.ExitCode);
        Assert.Empty(Directory.GetFiles(folder));
    }
}
