using Bridgehead.Accounts;
using Bridgehead.Pursuits;

namespace Bridgehead.Scale;

/// <summary>
/// The fixed vocabulary of the synthetic book (names, places, product lines) and the small
/// random helpers every kind of record draws with. Nothing here reads the clock.
/// </summary>
internal static class ScaleWorld
{
    /// <summary>One random stream per kind of record, so adding a kind leaves the others as they were.</summary>
    public static Random Stream(int seed, string kind)
    {
        // FNV-1a of the kind's name: stable across runs and platforms (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var c in kind)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return new Random(unchecked((int)hash ^ (seed * 1_000_003)));
    }

    public static DateTime Days(DateTime from, double days) => from.AddTicks((long)(days * TimeSpan.TicksPerDay));

    /// <summary>A normal draw (Box-Muller).</summary>
    public static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Picks an index by weight from a cumulative table.</summary>
    public static int Pick(double[] cumulative, Random rng)
    {
        var x = rng.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, cumulative.Length - 1);
    }

    public static double[] Cumulative(IReadOnlyList<double> weights)
    {
        var c = new double[weights.Count];
        double sum = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    public static T One<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static readonly string[] FamilyNames =
        ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Weber", "Schmidt", "Tanaka", "Sato", "Miller", "Nguyen", "Chen", "Wang"];

    public static readonly string[] GivenNames =
        ["Minji", "Seojun", "Jiwon", "Hyunwoo", "Yuna", "Dohyun", "Sora", "Jisoo", "Minho", "Eunji", "Taeyang", "Hana", "Junho", "Soyeon", "Woojin", "Dahye", "Sungmin", "Yerin", "Jaehyun", "Nari", "Anna", "Lukas", "Haruto", "Yui", "Daniel", "Linh", "Wei", "Mei"];

    public static readonly string[] NamePrefixes =
        ["Daehan", "Hanbit", "Seorim", "Namhae", "Taesung", "Hyundo", "Sejin", "Daeil", "Kumho", "Shinhwa", "Dongil", "Samhwa", "Hanil", "Jinyang", "Woosung", "Kyungin", "Sunil", "Youngpoong", "Ilshin", "Dongbang", "Hwaseung", "Mirae", "Chungwoo", "Bosung",
         "Rhein", "Elbe", "Nordhafen", "Kessler", "Tokai", "Kansai", "Hokuriku", "Midland", "Lakeshore", "Pacific", "Saigon", "Mekong", "Jiangnan", "Pearl River", "Huaxin", "Baltic", "Alpen", "Danube", "Sakura", "Orion", "Vega", "Atlas", "Summit", "Keystone"];

    public static readonly string[] NameCores =
        ["Precision", "Metal", "Auto Parts", "Electric", "Machinery", "Industrial", "Components", "Motors", "Engineering", "Steel Works", "Forging", "Casting", "Electronics", "Battery", "Energy", "Tooling", "Hydraulics", "Fasteners", "Bearings", "Springs", "Pipe", "Wire", "Appliance", "Shipbuilding",
         "Rail Systems", "Aerospace", "Medical Devices", "Robotics", "Semiconductor", "Display", "Packaging", "Chemical", "Plastics", "Rubber", "Heavy Industries", "Valves", "Pumps", "Compressors", "Turbines", "Cables", "Optics", "Sensors", "Drives", "Gears", "Molds", "Stampings", "Coatings", "Filters"];

    public static readonly string[] NameSuffixes =
        ["Co., Ltd.", "Corporation", "Industries", "GmbH", "Inc.", "Holdings", "Korea", "Manufacturing", "Group", "Works", "Systems", "Technologies", "AG", "K.K.", "Ltd.", "Vina", "Supply", "Solutions", "Partners", "International"];

    public sealed record Place(string Country, string Currency, string[] Cities, double Weight);

    public static readonly Place[] Places =
    [
        new("KR", "KRW", ["Seoul", "Ulsan", "Changwon", "Incheon", "Pohang", "Gumi", "Hwaseong", "Daegu", "Busan", "Cheonan"], 60),
        new("DE", "EUR", ["Stuttgart", "Munich", "Duisburg", "Hamburg", "Wolfsburg"], 8),
        new("US", "USD", ["Detroit", "Houston", "Chicago", "San Jose", "Pittsburgh"], 10),
        new("JP", "USD", ["Nagoya", "Osaka", "Yokohama", "Kitakyushu"], 7),
        new("CN", "USD", ["Suzhou", "Shenzhen", "Tianjin", "Ningbo"], 8),
        new("VN", "USD", ["Hai Phong", "Bac Ninh", "Dong Nai"], 4),
        new("PL", "EUR", ["Wroclaw", "Katowice"], 3),
    ];

    public static readonly double[] PlaceWeights = Cumulative([.. Places.Select(p => p.Weight)]);

    /// <summary>ISIC divisions the book sells into, with the applications of each (English, Korean).</summary>
    public static readonly (string Industry, (string En, string Ko)[] Applications)[] Markets =
    [
        ("29", [("Brake systems", "브레이크 시스템"), ("Seat frames", "시트 프레임"), ("EV battery housings", "전기차 배터리 하우징"), ("Exhaust parts", "배기 부품")]),
        ("28", [("Hydraulic cylinders", "유압 실린더"), ("Machine tool spindles", "공작기계 주축"), ("Compressor valves", "압축기 밸브")]),
        ("27", [("Motor laminations", "모터 코어"), ("Transformer cores", "변압기 코어"), ("Battery connectors", "배터리 커넥터")]),
        ("26", [("Lead frames", "리드 프레임"), ("Connector springs", "커넥터 스프링"), ("Display bezels", "디스플레이 베젤")]),
        ("25", [("Fasteners", "체결 부품"), ("Precision stampings", "정밀 프레스 부품"), ("Springs", "스프링")]),
        ("30", [("Ship hull parts", "선체 부품"), ("Rail bogies", "철도 대차"), ("Aircraft brackets", "항공기 브래킷")]),
        ("24", [("Wire drawing", "신선 가공"), ("Re-rolling", "재압연")]),
        ("22", [("Insert moulding", "인서트 사출"), ("Hose fittings", "호스 피팅")]),
        ("32", [("Surgical instruments", "수술 기구"), ("Orthopaedic implants", "정형외과 임플란트")]),
    ];

    /// <summary>Product lines: code, English name, unit, list price per unit in KRW.</summary>
    public static readonly (string Code, string Name, string Unit, decimal Price)[] ProductLines =
    [
        ("SS", "Stainless strip", "kg", 6_800m),
        ("CS", "Carbon steel coil", "kg", 1_150m),
        ("AL", "Aluminium sheet", "kg", 5_400m),
        ("CU", "Copper alloy bar", "kg", 14_500m),
        ("NI", "Nickel alloy wire", "kg", 42_000m),
        ("TI", "Titanium plate", "kg", 68_000m),
        ("PT", "Precision tube", "m", 9_800m),
        ("SP", "Spring steel strip", "kg", 3_900m),
        ("ES", "Electrical steel", "kg", 2_700m),
        ("TS", "Tool steel bar", "kg", 11_200m),
        ("CP", "Cast part", "ea", 48_000m),
        ("FR", "Forged ring", "ea", 185_000m),
    ];

    public static readonly string[] Grades = ["301", "304", "316L", "410", "430", "S45C", "SCM440", "6061", "5052", "C1100", "C5191", "Inconel 625", "Gr.2", "Gr.5", "SUP9", "SKD11", "FC250", "FCD450", "42CrMo4", "M19", "35PN250", "A2", "H13", "17-4PH", "C7025"];

    public static readonly string[] Purposes = ["supply", "second source", "trial order", "annual contract", "new model", "cost-down", "localisation", "capacity backup"];

    public static readonly string[] CompetitorNames =
        ["Namhae Special Steel", "Seorim Alloy", "Kessler Werkstoffe", "Tokai Precision Materials", "Huaxin Metal Export", "Daon Industrial Supply", "Baltic Strip AB", "Midland Alloys Inc.", "Jiangnan Copper", "Alpen Edelstahl"];

    public static readonly string[] Titles = ["Purchasing Manager", "Buyer", "R&D Engineer", "Quality Manager", "Plant Manager", "Production Lead", "CFO", "CEO", "Procurement Director", "Design Engineer"];

    public static readonly (ActivitySubject Kind, double Weight)[] ActivityKinds =
    [
        (ActivitySubject.Call, 30), (ActivitySubject.Email, 30), (ActivitySubject.Visit, 15), (ActivitySubject.Meeting, 10), (ActivitySubject.Note, 13), (ActivitySubject.BusinessReview, 2),
    ];

    public enum ActivitySubject
    {
        Call,
        Email,
        Visit,
        Meeting,
        Note,
        BusinessReview,
    }

    public static readonly string[][] Subjects =
    [
        ["Call about delivery schedule", "Follow-up call on the sample", "Price check call", "Call with purchasing", "Called about forecast for next quarter"],
        ["Sent mill certificates", "Sent revised quote", "E-mail about spec change", "Shared test report", "Answered technical questions"],
        ["Plant visit", "Visit with the quality team", "Line audit visit", "Visited the new production line"],
        ["Meeting with engineering", "Purchasing meeting", "Kick-off meeting", "Spec review meeting"],
        ["Note: competitor offered lower price", "Note: buyer changes next month", "Note: volume up next year", "Note: awaiting drawing"],
        ["Quarterly business review", "Annual business review"],
    ];

    public static readonly string[] TaskTitles =
        ["Send updated quote", "Book plant visit", "Ask for annual forecast", "Follow up on sample results", "Prepare business review", "Check delivery dates with production", "Send certificates", "Call the new buyer"];

    public static readonly string[] IncidentTitles =
        ["Surface scratches on coil", "Thickness out of tolerance", "Wrong certificate attached", "Rust on delivery", "Burrs on slit edge", "Hardness below spec", "Mixed lot in one pallet", "Packaging damage"];

    public static readonly (int Number, double Weight)[] OpenFunnel = [(1, 30), (2, 22), (3, 16), (4, 10), (5, 9), (6, 6), (7, 4), (8, 3)];

    public static readonly (int Number, double Weight)[] ClosedAt = [(2, 10), (3, 15), (4, 15), (5, 25), (6, 15), (7, 12), (8, 8)];

    public static readonly CloseReason[] LostReasons = [CloseReason.Price, CloseReason.Price, CloseReason.CompetitorChosen, CloseReason.CompetitorChosen, CloseReason.Capacity, CloseReason.Service, CloseReason.Relationship, CloseReason.Other];

    public static AccountTier? TierOf(Random rng, AccountStatus status) => status == AccountStatus.Customer
        ? rng.NextDouble() switch
        {
            < 0.03 => AccountTier.Strategic,
            < 0.18 => AccountTier.Key,
            _ => AccountTier.Standard,
        }
        : null;
}
