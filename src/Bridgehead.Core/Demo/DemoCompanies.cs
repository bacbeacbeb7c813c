using Bridgehead.Accounts;

namespace Bridgehead.Demo;

/// <summary>
/// One demo customer. Every company here is invented. <paramref name="Key"/> is its web and
/// e-mail domain (under .example); <paramref name="Owner"/> and <paramref name="Team"/> are demo
/// user names; <paramref name="Parent"/> is the key of the group it belongs to.
/// </summary>
internal sealed record DemoCompany(
    string Key,
    string Name,
    string Industry,
    string[] Applications,
    string Country,
    string City,
    AccountTier? Tier,
    AccountStatus Status,
    string Owner,
    string[] Team,
    string? Parent = null,
    string? Notes = null)
{
    public string Domain => Key + ".example";

    public string Website => "https://www." + Domain;

    public bool IsKorean => Country == "KR";
}

/// <summary>A product category we sell, in English (the taxonomy value) and Korean (for titles and notes).</summary>
internal sealed record ProductLine(string Category, string Korean);

/// <summary>The invented customer base: Korean makers first, then international ones.</summary>
internal static class DemoCompanies
{
    private const AccountTier Strategic = AccountTier.Strategic;
    private const AccountTier Key = AccountTier.Key;
    private const AccountTier Standard = AccountTier.Standard;
    private const AccountStatus Prospect = AccountStatus.Prospect;
    private const AccountStatus Customer = AccountStatus.Customer;
    private const AccountStatus Former = AccountStatus.Former;

    public static readonly DemoCompany[] All =
    [
        new("daesung-energy", "대성에너지시스템", "Boilers & Heating", ["District heating", "Apartment blocks"], "KR", "인천",
            Strategic, Customer, "manager", ["rep"],
            Notes: "대성그룹 지주사. 보일러·지역난방 설비 구매를 그룹 차원에서 통합 관리함."),
        new("daesung-boiler", "대성보일러", "Boilers & Heating", ["Apartment blocks", "Office towers"], "KR", "김포",
            Strategic, Customer, "rep", ["rep2"], Parent: "daesung-energy",
            Notes: "2019년부터 버너 밸브 공급. 경쟁사 2곳과 분할 공급, 당사 점유율 약 35%."),
        new("hangang-heavy", "한강중공업", "Heavy Machinery", ["Power plants", "Port cranes"], "KR", "창원",
            Strategic, Customer, "manager", ["rep", "rep2"],
            Notes: "그룹 공통 구매 프레임 계약 보유. 연 2회 공급사 평가."),
        new("hangang-ship", "한강조선해양", "Shipbuilding", ["LNG carriers", "Container ships"], "KR", "거제",
            Key, Customer, "rep", ["rep3"], Parent: "hangang-heavy"),
        new("hangang-plant", "한강플랜트", "Plant Engineering", ["Refineries", "Petrochemical plants"], "KR", "창원",
            Key, Prospect, "rep2", [], Parent: "hangang-heavy"),
        new("sejin-construction", "세진건설", "Construction", ["Apartment blocks", "Office towers"], "KR", "서울",
            Key, Customer, "rep", []),
        new("sejin-enc", "세진이앤씨", "Plant Engineering", ["Water treatment", "District heating"], "KR", "서울",
            Standard, Prospect, "rep", [], Parent: "sejin-construction"),
        new("cheongnok-steel", "청록특수강", "Steel", ["Special steel bars", "Plate mills"], "KR", "포항",
            Key, Customer, "rep2", []),
        new("nuri-semi", "누리반도체", "Semiconductors", ["Wafer fabs", "Gas delivery systems"], "KR", "이천",
            Strategic, Prospect, "rep", ["manager"],
            Notes: "신규 팹 2027년 가동 목표. 공급사 후보군을 올해 안에 확정할 예정."),
        new("solgil-mobility", "솔길모빌리티", "Automotive", ["Brake systems", "Seat frames"], "KR", "울산",
            Key, Customer, "rep", []),
        new("bidam-autotech", "비담오토텍", "Automotive", ["Exhaust systems", "Chassis parts"], "KR", "아산",
            Standard, Customer, "rep2", []),
        new("cheonga-chem", "청아화학", "Chemicals", ["Petrochemicals", "Specialty resins"], "KR", "여수",
            Key, Customer, "rep", []),
        new("yeoul-hvac", "여울공조", "HVAC", ["Chillers", "Air handling units"], "KR", "광주",
            Standard, Customer, "rep", []),
        new("bonui-hex", "보늬열교환기", "Industrial Equipment", ["Plate heat exchangers", "Shell-and-tube heat exchangers"], "KR", "부산",
            Standard, Prospect, "rep2", []),
        new("eunhasu-const", "은하수종합건설", "Construction", ["Hospitals", "Logistics centers"], "KR", "대전",
            Standard, Former, "rep", [],
            Notes: "2023년 현장 누설 클레임 이후 거래 중단. 구매팀장 교체로 재진입 기회 있음."),
        new("saebit-power", "새빛발전", "Power Generation", ["Combined-cycle plants", "Fuel cells"], "KR", "서산",
            Key, Prospect, "rep", []),
        new("haeoreum-precision", "해오름정밀", "Machinery", ["Hydraulic cylinders", "Gearboxes"], "KR", "창원",
            Standard, Customer, "rep2", []),
        new("pureunbada-ship", "푸른바다조선", "Shipbuilding", ["Bulk carriers", "Offshore modules"], "KR", "목포",
            Standard, Former, "rep2", []),
        new("neoul-steel", "너울스틸", "Steel", ["Stainless pipes", "Structural sections"], "KR", "당진",
            Standard, Prospect, "rep", []),
        new("danbi-chem", "단비케미칼", "Chemicals", ["Adhesives", "Industrial coatings"], "KR", "울산",
            Standard, Prospect, "rep2", []),
        new("byeolnuri-display", "별누리디스플레이", "Displays", ["OLED lines", "Vacuum deposition"], "KR", "파주",
            Key, Prospect, "rep", ["rep2"]),
        new("mir-battery", "미르배터리", "Batteries", ["EV battery cells", "Electrode coating"], "KR", "청주",
            Strategic, Prospect, "manager", ["rep"],
            Notes: "북미 합작 공장 증설 중. 국내 공급사 중 2곳을 우선 검토."),
        new("onsaemi-eng", "온새미엔지니어링", "Plant Engineering", ["LNG terminals", "Hydrogen stations"], "KR", "성남",
            null, Prospect, "rep", []),
        new("hangyeol-cold", "한결냉동", "HVAC", ["Cold storage", "Commercial refrigeration"], "KR", "김해",
            Standard, Customer, "rep2", []),
        new("dolsaem-const", "돌샘건설", "Construction", ["Bridges", "Tunnels"], "KR", "전주",
            null, Prospect, "rep", []),
        new("hanui-robotics", "하늬로보틱스", "Industrial Automation", ["Welding robots", "Palletizing cells"], "KR", "안산",
            Standard, Customer, "rep", []),

        new("rheinwerk-thermo", "Rheinwerk Thermotechnik GmbH", "Boilers & Heating", ["Condensing boilers", "Heat pumps"], "DE", "Dortmund",
            Key, Customer, "rep3", [],
            Notes: "Group purchasing in Dortmund decides for the Vietnam plant as well."),
        new("rheinwerk-vn", "Rheinwerk Vietnam Co., Ltd.", "Boilers & Heating", ["Condensing boilers", "Water heaters"], "VN", "Bac Ninh",
            Standard, Customer, "rep3", [], Parent: "rheinwerk-thermo"),
        new("albrecht-anlagenbau", "Albrecht & Söhne Anlagenbau GmbH", "Plant Engineering", ["Chemical plants", "Biogas plants"], "DE", "Mannheim",
            Standard, Prospect, "rep3", []),
        new("kestrel-ridge", "Kestrel Ridge Fabrication Inc.", "Heavy Fabrication", ["Pressure vessels", "Offshore structures"], "US", "Houston",
            Key, Customer, "rep3", []),
        new("pelican-sound", "Pelican Sound Shipyard LLC", "Shipbuilding", ["Ferries", "Offshore supply vessels"], "US", "Mobile",
            Standard, Prospect, "rep3", []),
        new("thienan-steel", "Công ty CP Kết cấu Thép Thiên Ân", "Steel Structures", ["Factory buildings", "Warehouses"], "VN", "Hai Phong",
            Standard, Customer, "rep3", []),
        new("vinhkhang-me", "Công ty TNHH Cơ Điện Lạnh Vĩnh Khang", "HVAC", ["Hotels", "Industrial cooling"], "VN", "Ho Chi Minh City",
            null, Prospect, "rep3", []),
        new("asahizaka-valve", "Asahizaka Valve Works Co., Ltd.", "Flow Control", ["Power plants", "Marine valves"], "JP", "Kitakyushu",
            Key, Customer, "rep", ["rep3"]),
        new("kawasemi-castings", "Kawasemi Precision Castings Co., Ltd.", "Castings & Forgings", ["Pump housings", "Valve bodies"], "JP", "Hamamatsu",
            Standard, Prospect, "rep3", []),
        new("lianshan-boiler", "Lianshan Boiler Works Co., Ltd.", "Boilers & Heating", ["Industrial steam boilers", "Waste-heat boilers"], "CN", "Wuxi",
            Standard, Former, "rep", [],
            Notes: "Switched to a local supplier in 2024 after a price war; still asks for quotes on special sizes."),
        new("hexin-fluid", "Hexin Fluid Control Co., Ltd.", "Flow Control", ["Chemical plants", "Water treatment"], "CN", "Suzhou",
            null, Prospect, "rep3", []),
        new("nordhafen-werft", "Nordhafen Werft AG", "Shipbuilding", ["Cruise ferries", "Research vessels"], "DE", "Kiel",
            Key, Prospect, "rep3", ["rep"]),
        new("vallee-thermique", "Vallée Thermique SAS", "HVAC", ["Heat pumps", "District heating substations"], "FR", "Lyon",
            Standard, Prospect, "rep3", []),
        new("copperline-microfab", "Copperline Microfab Inc.", "Semiconductors", ["Wafer fabs", "Advanced packaging"], "US", "Phoenix",
            Key, Prospect, "manager", ["rep3"]),
        new("warta-drive", "Warta Drive Systems Sp. z o.o.", "Automotive", ["Drive shafts", "EV motor housings"], "PL", "Poznań",
            Standard, Prospect, "rep3", []),
        new("sahyadri-forge", "Sahyadri Forge & Flanges Pvt. Ltd.", "Castings & Forgings", ["Flanges", "Pipe fittings"], "IN", "Pune",
            Standard, Former, "rep2", []),
    ];

    /// <summary>What we sell into each industry: the categories an opportunity there is about.</summary>
    public static readonly IReadOnlyDictionary<string, ProductLine[]> ProductsByIndustry = new Dictionary<string, ProductLine[]>
    {
        ["Boilers & Heating"] = [BurnerValves, HeatExchangerTubes, PressureSensors, ExpansionJoints],
        ["Heavy Machinery"] = [WeldingConsumables, HydraulicHoses, Bearings, ControlValves],
        ["Shipbuilding"] = [WeldingConsumables, StainlessFlanges, BallValves, PipeInsulation],
        ["Plant Engineering"] = [ControlValves, StainlessFlanges, ExpansionJoints, GasketsAndSeals],
        ["Construction"] = [StructuralBolts, PipeInsulation, WeldingConsumables, ExpansionJoints],
        ["Steel"] = [RefractoryMaterials, Bearings, HydraulicHoses],
        ["Semiconductors"] = [HighPurityFittings, CleanroomFilters, PressureSensors, GasketsAndSeals],
        ["Automotive"] = [Bearings, PrecisionCastings, GasketsAndSeals, WeldingConsumables],
        ["Chemicals"] = [GasketsAndSeals, BallValves, StainlessFlanges, ControlValves],
        ["HVAC"] = [CompressorParts, HeatExchangerTubes, PipeInsulation, PressureSensors],
        ["Industrial Equipment"] = [HeatExchangerTubes, GasketsAndSeals, StainlessFlanges],
        ["Power Generation"] = [ControlValves, ExpansionJoints, HeatExchangerTubes],
        ["Machinery"] = [Bearings, HydraulicHoses, ServoMotors],
        ["Displays"] = [HighPurityFittings, CleanroomFilters, ServoMotors],
        ["Batteries"] = [CleanroomFilters, ServoMotors, PressureSensors],
        ["Industrial Automation"] = [ServoMotors, Bearings, WeldingConsumables],
        ["Heavy Fabrication"] = [WeldingConsumables, StainlessFlanges, StructuralBolts],
        ["Steel Structures"] = [StructuralBolts, WeldingConsumables],
        ["Flow Control"] = [PrecisionCastings, GasketsAndSeals, BallValves],
        ["Castings & Forgings"] = [RefractoryMaterials, PrecisionCastings],
    };

    private static ProductLine BurnerValves => new("Burner valves", "버너 밸브");
    private static ProductLine HeatExchangerTubes => new("Heat exchanger tubes", "열교환기 튜브");
    private static ProductLine WeldingConsumables => new("Welding consumables", "용접 재료");
    private static ProductLine StainlessFlanges => new("Stainless flanges", "스테인리스 플랜지");
    private static ProductLine GasketsAndSeals => new("Gaskets and seals", "가스켓·씰");
    private static ProductLine PressureSensors => new("Pressure sensors", "압력 센서");
    private static ProductLine BallValves => new("Ball valves", "볼 밸브");
    private static ProductLine HighPurityFittings => new("High-purity fittings", "고순도 피팅");
    private static ProductLine RefractoryMaterials => new("Refractory materials", "내화물");
    private static ProductLine HydraulicHoses => new("Hydraulic hoses", "유압 호스");
    private static ProductLine StructuralBolts => new("Structural bolts", "구조용 고장력 볼트");
    private static ProductLine PipeInsulation => new("Pipe insulation", "배관 보온재");
    private static ProductLine ControlValves => new("Control valves", "제어 밸브");
    private static ProductLine Bearings => new("Bearings", "베어링");
    private static ProductLine PrecisionCastings => new("Precision castings", "정밀 주조품");
    private static ProductLine CompressorParts => new("Compressor parts", "압축기 부품");
    private static ProductLine CleanroomFilters => new("Cleanroom filters", "클린룸 필터");
    private static ProductLine ServoMotors => new("Servo motors", "서보 모터");
    private static ProductLine ExpansionJoints => new("Expansion joints", "신축 이음관");
}
