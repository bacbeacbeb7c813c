using Bridgehead.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Bridgehead.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for SQLite without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BridgeheadDb>
{
    public BridgeheadDb CreateDbContext(string[] args) => new(Database.Options("Data Source=design-time.db"));
}
