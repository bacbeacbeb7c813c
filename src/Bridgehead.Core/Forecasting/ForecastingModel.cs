using Microsoft.EntityFrameworkCore;

namespace Bridgehead.Forecasting;

internal static class ForecastingModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ExchangeRate>(e =>
        {
            e.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
            e.Property(r => r.Rate).HasPrecision(28, ExchangeRate.RateScale);
            e.HasIndex(r => r.Currency).IsUnique();
        });
    }
}
