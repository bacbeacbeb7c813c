using System.Globalization;

namespace Bridgehead.Industries;

/// <summary>One entry of the industry classification: a section (letter) or a division (two digits).</summary>
public sealed record Industry(string Code, string Section, string NameEn, string NameKo)
{
    public bool IsSection => Code.Length == 1;

    /// <summary>The name in the current UI language (Korean when the UI culture is ko, else English).</summary>
    public string Name => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ko" ? NameKo : NameEn;
}

/// <summary>ISIC Rev.4 sections and divisions with Korean names (KSIC wording): the industries accounts are tagged with.</summary>
public static class IsicCatalogue
{
    /// <summary>Sections and divisions in classification order: each section followed by its divisions.</summary>
    public static readonly IReadOnlyList<Industry> All =
    [
        new("A", "A", "Agriculture, forestry and fishing", "농업, 임업 및 어업"),
        new("01", "A", "Crop and animal production, hunting and related service activities", "농업"),
        new("02", "A", "Forestry and logging", "임업"),
        new("03", "A", "Fishing and aquaculture", "어업"),

        new("B", "B", "Mining and quarrying", "광업"),
        new("05", "B", "Mining of coal and lignite", "석탄 및 갈탄 광업"),
        new("06", "B", "Extraction of crude petroleum and natural gas", "원유 및 천연가스 채굴업"),
        new("07", "B", "Mining of metal ores", "금속 광업"),
        new("08", "B", "Other mining and quarrying", "비금속광물 광업; 연료용 제외"),
        new("09", "B", "Mining support service activities", "광업 지원 서비스업"),

        new("C", "C", "Manufacturing", "제조업"),
        new("10", "C", "Manufacture of food products", "식료품 제조업"),
        new("11", "C", "Manufacture of beverages", "음료 제조업"),
        new("12", "C", "Manufacture of tobacco products", "담배 제조업"),
        new("13", "C", "Manufacture of textiles", "섬유제품 제조업; 의복 제외"),
        new("14", "C", "Manufacture of wearing apparel", "의복, 의복 액세서리 및 모피제품 제조업"),
        new("15", "C", "Manufacture of leather and related products", "가죽, 가방 및 신발 제조업"),
        new("16", "C", "Manufacture of wood and of products of wood and cork, except furniture", "목재 및 나무제품 제조업; 가구 제외"),
        new("17", "C", "Manufacture of paper and paper products", "펄프, 종이 및 종이제품 제조업"),
        new("18", "C", "Printing and reproduction of recorded media", "인쇄 및 기록매체 복제업"),
        new("19", "C", "Manufacture of coke and refined petroleum products", "코크스, 연탄 및 석유정제품 제조업"),
        new("20", "C", "Manufacture of chemicals and chemical products", "화학 물질 및 화학제품 제조업; 의약품 제외"),
        new("21", "C", "Manufacture of basic pharmaceutical products and pharmaceutical preparations", "의료용 물질 및 의약품 제조업"),
        new("22", "C", "Manufacture of rubber and plastics products", "고무 및 플라스틱제품 제조업"),
        new("23", "C", "Manufacture of other non-metallic mineral products", "비금속 광물제품 제조업"),
        new("24", "C", "Manufacture of basic metals", "1차 금속 제조업"),
        new("25", "C", "Manufacture of fabricated metal products, except machinery and equipment", "금속 가공제품 제조업; 기계 및 가구 제외"),
        new("26", "C", "Manufacture of computer, electronic and optical products", "전자 부품, 컴퓨터, 영상, 음향, 통신 및 광학기기 제조업"),
        new("27", "C", "Manufacture of electrical equipment", "전기장비 제조업"),
        new("28", "C", "Manufacture of machinery and equipment n.e.c.", "기타 기계 및 장비 제조업"),
        new("29", "C", "Manufacture of motor vehicles, trailers and semi-trailers", "자동차 및 트레일러 제조업"),
        new("30", "C", "Manufacture of other transport equipment", "기타 운송장비 제조업"),
        new("31", "C", "Manufacture of furniture", "가구 제조업"),
        new("32", "C", "Other manufacturing", "기타 제품 제조업"),
        new("33", "C", "Repair and installation of machinery and equipment", "산업용 기계 및 장비 수리·설치업"),

        new("D", "D", "Electricity, gas, steam and air conditioning supply", "전기, 가스, 증기 및 공기 조절 공급업"),
        new("35", "D", "Electricity, gas, steam and air conditioning supply", "전기, 가스, 증기 및 공기 조절 공급업"),

        new("E", "E", "Water supply; sewerage, waste management and remediation activities", "수도, 하수 및 폐기물 처리, 원료 재생업"),
        new("36", "E", "Water collection, treatment and supply", "수도업"),
        new("37", "E", "Sewerage", "하수, 폐수 및 분뇨 처리업"),
        new("38", "E", "Waste collection, treatment and disposal activities; materials recovery", "폐기물 수집, 운반, 처리 및 원료 재생업"),
        new("39", "E", "Remediation activities and other waste management services", "환경 정화 및 복원업"),

        new("F", "F", "Construction", "건설업"),
        new("41", "F", "Construction of buildings", "건물 건설업"),
        new("42", "F", "Civil engineering", "토목 건설업"),
        new("43", "F", "Specialized construction activities", "전문직별 공사업"),

        new("G", "G", "Wholesale and retail trade; repair of motor vehicles and motorcycles", "도매 및 소매업"),
        new("45", "G", "Wholesale and retail trade and repair of motor vehicles and motorcycles", "자동차 및 부품 판매업"),
        new("46", "G", "Wholesale trade, except of motor vehicles and motorcycles", "도매 및 상품 중개업"),
        new("47", "G", "Retail trade, except of motor vehicles and motorcycles", "소매업; 자동차 제외"),

        new("H", "H", "Transportation and storage", "운수 및 창고업"),
        new("49", "H", "Land transport and transport via pipelines", "육상 운송 및 파이프라인 운송업"),
        new("50", "H", "Water transport", "수상 운송업"),
        new("51", "H", "Air transport", "항공 운송업"),
        new("52", "H", "Warehousing and support activities for transportation", "창고 및 운송관련 서비스업"),
        new("53", "H", "Postal and courier activities", "우편 및 택배업"),

        new("I", "I", "Accommodation and food service activities", "숙박 및 음식점업"),
        new("55", "I", "Accommodation", "숙박업"),
        new("56", "I", "Food and beverage service activities", "음식점 및 주점업"),

        new("J", "J", "Information and communication", "정보통신업"),
        new("58", "J", "Publishing activities", "출판업"),
        new("59", "J", "Motion picture, video and television programme production, sound recording and music publishing", "영상·오디오 기록물 제작 및 배급업"),
        new("60", "J", "Programming and broadcasting activities", "방송업"),
        new("61", "J", "Telecommunications", "통신업"),
        new("62", "J", "Computer programming, consultancy and related activities", "컴퓨터 프로그래밍, 시스템 통합 및 관리업"),
        new("63", "J", "Information service activities", "정보서비스업"),

        new("K", "K", "Financial and insurance activities", "금융 및 보험업"),
        new("64", "K", "Financial service activities, except insurance and pension funding", "금융업"),
        new("65", "K", "Insurance, reinsurance and pension funding, except compulsory social security", "보험 및 연금업"),
        new("66", "K", "Activities auxiliary to financial service and insurance activities", "금융 및 보험 관련 서비스업"),

        new("L", "L", "Real estate activities", "부동산업"),
        new("68", "L", "Real estate activities", "부동산업"),

        new("M", "M", "Professional, scientific and technical activities", "전문, 과학 및 기술 서비스업"),
        new("69", "M", "Legal and accounting activities", "법무 및 회계 관련 서비스업"),
        new("70", "M", "Activities of head offices; management consultancy activities", "회사 본부 및 경영 컨설팅 서비스업"),
        new("71", "M", "Architectural and engineering activities; technical testing and analysis", "건축 기술, 엔지니어링 및 기타 과학기술 서비스업"),
        new("72", "M", "Scientific research and development", "연구개발업"),
        new("73", "M", "Advertising and market research", "광고 및 시장조사업"),
        new("74", "M", "Other professional, scientific and technical activities", "기타 전문, 과학 및 기술 서비스업"),
        new("75", "M", "Veterinary activities", "수의업"),

        new("N", "N", "Administrative and support service activities", "사업시설 관리, 사업 지원 및 임대 서비스업"),
        new("77", "N", "Rental and leasing activities", "임대업; 부동산 제외"),
        new("78", "N", "Employment activities", "고용 알선 및 인력 공급업"),
        new("79", "N", "Travel agency, tour operator, reservation service and related activities", "여행사 및 기타 여행 보조 서비스업"),
        new("80", "N", "Security and investigation activities", "경비, 경호 및 탐정업"),
        new("81", "N", "Services to buildings and landscape activities", "사업시설 관리 및 조경 서비스업"),
        new("82", "N", "Office administrative, office support and other business support activities", "사무 지원 및 기타 사업 지원 서비스업"),

        new("O", "O", "Public administration and defence; compulsory social security", "공공 행정, 국방 및 사회보장 행정"),
        new("84", "O", "Public administration and defence; compulsory social security", "공공 행정, 국방 및 사회보장 행정"),

        new("P", "P", "Education", "교육 서비스업"),
        new("85", "P", "Education", "교육 서비스업"),

        new("Q", "Q", "Human health and social work activities", "보건업 및 사회복지 서비스업"),
        new("86", "Q", "Human health activities", "보건업"),
        new("87", "Q", "Residential care activities", "거주 복지시설 운영업"),
        new("88", "Q", "Social work activities without accommodation", "비거주 복지시설 운영업"),

        new("R", "R", "Arts, entertainment and recreation", "예술, 스포츠 및 여가관련 서비스업"),
        new("90", "R", "Creative, arts and entertainment activities", "창작 및 예술관련 서비스업"),
        new("91", "R", "Libraries, archives, museums and other cultural activities", "도서관, 기록보존소, 박물관 및 기타 문화 관련 서비스업"),
        new("92", "R", "Gambling and betting activities", "사행시설 관리 및 운영업"),
        new("93", "R", "Sports activities and amusement and recreation activities", "스포츠 서비스업 및 오락관련 서비스업"),

        new("S", "S", "Other service activities", "협회 및 단체, 수리 및 기타 개인 서비스업"),
        new("94", "S", "Activities of membership organizations", "협회 및 단체"),
        new("95", "S", "Repair of computers and personal and household goods", "컴퓨터, 개인 및 가정용품 수리업"),
        new("96", "S", "Other personal service activities", "기타 개인 서비스업"),

        new("T", "T", "Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use", "가구 내 고용활동 및 달리 분류되지 않은 자가 소비 생산활동"),
        new("97", "T", "Activities of households as employers of domestic personnel", "가구 내 고용활동"),
        new("98", "T", "Undifferentiated goods- and services-producing activities of private households for own use", "달리 분류되지 않은 자가 소비를 위한 가구의 재화 및 서비스 생산활동"),

        new("U", "U", "Activities of extraterritorial organizations and bodies", "국제 및 외국기관"),
        new("99", "U", "Activities of extraterritorial organizations and bodies", "국제 및 외국기관"),
    ];

    private static readonly Dictionary<string, Industry> ByCode = All.ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The entry with that code (case-insensitive), or null.</summary>
    public static Industry? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());

    /// <summary>
    /// An industry as given in input: the catalogue's spelling of a known code, <paramref name="fallback"/>
    /// (e.g. the account's industry) when none is given; an unknown code is reported on the "industry" field.
    /// </summary>
    public static string? Resolve(string? given, string? fallback, Common.Validator v)
    {
        var code = Common.Text.Clean(given);
        if (code is null)
        {
            return fallback;
        }
        if (Find(code) is { } known)
        {
            return known.Code;
        }
        v.Add("industry", Common.CommonText.UnknownIndustry);
        return code;
    }

    /// <summary>The codes a filter on <paramref name="code"/> matches: a section matches itself and its divisions; a division only itself.</summary>
    /// <remarks>An unknown code matches only itself (trimmed), so a filter on it finds nothing from the catalogue.</remarks>
    public static IReadOnlyList<string> Covered(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var industry = Find(code);
        if (industry is null)
        {
            return [code.Trim()];
        }

        return industry.IsSection
            ? [industry.Code, .. Divisions(industry.Code).Select(d => d.Code)]
            : [industry.Code];
    }

    /// <summary>The divisions of a section.</summary>
    public static IEnumerable<Industry> Divisions(string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var letter = section.Trim();
        return All.Where(i => !i.IsSection && string.Equals(i.Section, letter, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The catalogue entry whose English or Korean name equals <paramref name="name"/> ignoring case and surrounding spaces, or null (used to convert free-text industries).</summary>
    /// <remarks>Where a section and its only division share a name (D/35, L/68, O/84, P/85, U/99) the section, listed first, is returned.</remarks>
    public static Industry? FindByName(string? name)
    {
        var wanted = name?.Trim();
        if (string.IsNullOrEmpty(wanted))
        {
            return null;
        }

        return All.FirstOrDefault(i =>
            string.Equals(i.NameEn, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(i.NameKo, wanted, StringComparison.OrdinalIgnoreCase));
    }
}
