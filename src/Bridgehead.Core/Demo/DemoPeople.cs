using Bridgehead.Contacts;

namespace Bridgehead.Demo;

/// <summary>How a full name is put together from its parts.</summary>
internal enum NameOrder
{
    /// <summary>"Jonas Brandt".</summary>
    GivenFirst,

    /// <summary>"Zhao Lei", "Nguyễn Văn Hùng".</summary>
    FamilyFirst,

    /// <summary>"김민준": family name first, no space.</summary>
    FamilyFirstJoined,
}

/// <summary>
/// Names common in a country, combined at random into invented people. An entry may carry its
/// romanisation after a bar ("민준|minjun"); otherwise e-mail addresses use the name without accents.
/// </summary>
internal sealed record NamePool(NameOrder Order, string[] Given, string[] Family);

/// <summary>What varies by country: the working day's offset from UTC, the phone format (# is a digit, N one of 2-9) and the names.</summary>
internal sealed record CountryStyle(int UtcOffsetHours, string PhonePattern, string Currency, NamePool Names);

/// <summary>Titles by seniority within a department: junior (influence 1-2), middle (3), senior (4-5).</summary>
internal sealed record TitleLadder(string[] Junior, string[] Middle, string[] Senior);

/// <summary>The people side of the demo: names, titles, and what keeps them up at night.</summary>
internal static class DemoPeople
{
    private static readonly NamePool Korean = new(NameOrder.FamilyFirstJoined,
        ["민준|minjun", "서연|seoyeon", "지훈|jihoon", "수빈|subin", "예린|yerin", "성민|sungmin", "재원|jaewon", "현수|hyunsoo",
         "은지|eunji", "태호|taeho", "상우|sangwoo", "혜진|hyejin", "동욱|dongwook", "영호|youngho", "미경|mikyung", "정훈|junghoon",
         "보람|boram", "승철|seungchul", "다은|daeun", "준영|junyoung", "경민|kyungmin", "하늘|haneul", "석진|seokjin", "유진|yujin",
         "기태|kitae", "나래|narae", "윤서|yunseo", "창호|changho", "소희|sohee", "진우|jinwoo"],
        ["김|kim", "이|lee", "박|park", "최|choi", "정|jung", "강|kang", "조|cho", "윤|yoon", "장|jang", "임|lim",
         "한|han", "오|oh", "서|seo", "신|shin", "권|kwon", "황|hwang", "안|ahn", "송|song", "류|ryu", "홍|hong"]);

    public static readonly IReadOnlyDictionary<string, CountryStyle> Countries = new Dictionary<string, CountryStyle>
    {
        ["KR"] = new(9, "+82 10-N###-####", "KRW", Korean),
        ["DE"] = new(1, "+49 N## #######", "EUR", new(NameOrder.GivenFirst,
            ["Jonas", "Lena", "Matthias", "Katrin", "Florian", "Sabine", "Tobias", "Miriam", "Uwe", "Anja", "Stefan", "Julia"],
            ["Brandt", "Kessler", "Vogel", "Hartmann", "Lindner", "Seidel", "Krämer", "Winter", "Albers", "Roth", "Brenner", "Falk"])),
        ["FR"] = new(1, "+33 4 ## ## ## ##", "EUR", new(NameOrder.GivenFirst,
            ["Camille", "Julien", "Élodie", "Mathieu", "Nathalie", "Olivier", "Sandrine", "Thibault"],
            ["Marchand", "Girard", "Lefèvre", "Rousseau", "Fontaine", "Perrin", "Chevalier", "Garnier"])),
        ["PL"] = new(1, "+48 61 ### ## ##", "EUR", new(NameOrder.GivenFirst,
            ["Tomasz", "Agnieszka", "Paweł", "Magdalena", "Krzysztof", "Joanna", "Marek", "Ewa"],
            ["Wróbel", "Kowalczyk", "Mazur", "Sikora", "Dudek", "Krawiec", "Pietrzak", "Baran"])),
        ["US"] = new(-6, "+1 713-555-01##", "USD", new(NameOrder.GivenFirst,
            ["Megan", "Travis", "Carla", "Derek", "Renee", "Marcus", "Holly", "Grant", "Tamara", "Wesley", "Dana", "Luis"],
            ["Whitaker", "Delgado", "Brooks", "Pruitt", "Okafor", "Lindqvist", "Harmon", "Castillo", "McBride", "Sutton", "Reyes", "Donnelly"])),
        ["VN"] = new(7, "+84 9# ### ####", "USD", new(NameOrder.FamilyFirst,
            ["Văn Hùng", "Thị Lan", "Minh Tuấn", "Thu Hà", "Quốc Bảo", "Ngọc Anh", "Đức Thắng", "Thanh Hương", "Hoài Nam", "Bích Ngọc"],
            ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"])),
        ["JP"] = new(9, "+81 93-###-####", "USD", new(NameOrder.GivenFirst,
            ["Kenji", "Yuko", "Hiroshi", "Aya", "Daisuke", "Mai", "Takuya", "Naomi", "Shota", "Emi"],
            ["Kobayashi", "Morita", "Sakamoto", "Hirano", "Ishikawa", "Nakagawa", "Fujita", "Okuda", "Tsuchiya", "Murakami"])),
        ["CN"] = new(8, "+86 13# #### ####", "USD", new(NameOrder.FamilyFirst,
            ["Wei", "Jing", "Lei", "Xiaoming", "Fang", "Hao", "Yan", "Jun", "Ting", "Peng"],
            ["Wang", "Zhang", "Liu", "Chen", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun"])),
        ["IN"] = new(5, "+91 20 N### ####", "USD", new(NameOrder.GivenFirst,
            ["Rohan", "Priya", "Anil", "Kavita", "Suresh", "Meera", "Vikram", "Anjali"],
            ["Deshpande", "Kulkarni", "Iyer", "Joshi", "Patil", "Nair", "Gokhale", "Bhat"])),
    };

    /// <summary>Who an account's buying center starts with; further people come from <see cref="MoreDepartments"/>.</summary>
    public static readonly Department[] CoreDepartments = [Department.Purchasing, Department.Engineering, Department.Quality];

    public static readonly Department[] MoreDepartments =
    [
        Department.Production, Department.Management, Department.Finance, Department.Purchasing,
        Department.Engineering, Department.Production, Department.Other, Department.Quality,
    ];

    public static TitleLadder KoreanTitles(Department department) => department switch
    {
        Department.Purchasing => new(["구매팀 사원", "구매팀 대리"], ["구매팀 과장", "구매조달팀 차장"], ["구매팀장", "구매본부장 상무"]),
        Department.Engineering => new(["설계팀 대리", "연구소 선임연구원"], ["생산기술팀 과장", "연구소 책임연구원"], ["기술연구소장", "설계팀장"]),
        Department.Quality => new(["품질관리팀 대리"], ["품질보증팀 과장", "품질보증팀 차장"], ["품질보증팀장", "품질경영실장"]),
        Department.Production => new(["생산팀 주임", "제조1팀 대리"], ["생산팀 과장", "제조2팀 차장"], ["공장장", "생산본부장"]),
        Department.Finance => new(["재무팀 대리"], ["경영지원팀 과장"], ["재무팀장", "CFO 전무"]),
        Department.Management => new(["전략기획팀 대리"], ["경영기획팀 부장"], ["대표이사", "전무이사", "상무이사"]),
        Department.Other => new(["물류팀 대리", "안전환경팀 주임"], ["해외영업팀 과장", "안전환경팀 차장"], ["물류센터장"]),
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };

    public static TitleLadder EnglishTitles(Department department) => department switch
    {
        Department.Purchasing => new(["Buyer", "Junior Buyer"], ["Senior Buyer", "Category Manager"], ["Head of Procurement", "Purchasing Director"]),
        Department.Engineering => new(["Design Engineer", "Process Engineer"], ["Senior Process Engineer", "Lead Mechanical Engineer"], ["Director of Engineering", "Head of R&D"]),
        Department.Quality => new(["Quality Engineer", "Supplier Quality Engineer"], ["Quality Manager"], ["Head of Quality", "VP Quality"]),
        Department.Production => new(["Shift Supervisor", "Production Engineer"], ["Production Manager"], ["Plant Manager", "VP Operations"]),
        Department.Finance => new(["Cost Controller"], ["Finance Manager"], ["CFO", "Finance Director"]),
        Department.Management => new(["Strategy Analyst"], ["General Manager"], ["Managing Director", "Chief Operating Officer", "CEO"]),
        Department.Other => new(["Logistics Coordinator", "EHS Specialist"], ["Project Manager", "EHS Manager"], ["Head of Logistics"]),
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };

    /// <summary>The roles people of a department usually play; drawn at random, so repeats weigh more.</summary>
    public static BuyingRole[] LikelyRoles(Department department) => department switch
    {
        Department.Purchasing => [BuyingRole.EconomicBuyer, BuyingRole.EconomicBuyer, BuyingRole.Gatekeeper, BuyingRole.Influencer],
        Department.Engineering => [BuyingRole.TechnicalEvaluator, BuyingRole.TechnicalEvaluator, BuyingRole.Champion, BuyingRole.Influencer],
        Department.Quality => [BuyingRole.TechnicalEvaluator, BuyingRole.Influencer, BuyingRole.Gatekeeper],
        Department.Production => [BuyingRole.User, BuyingRole.User, BuyingRole.Influencer, BuyingRole.Champion],
        Department.Finance => [BuyingRole.EconomicBuyer, BuyingRole.Influencer],
        Department.Management => [BuyingRole.DecisionMaker, BuyingRole.DecisionMaker, BuyingRole.EconomicBuyer],
        Department.Other => [BuyingRole.Influencer, BuyingRole.Gatekeeper, BuyingRole.User],
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };

    public static string[] KoreanPains(Department department) => department switch
    {
        Department.Purchasing =>
        [
            "납기 지연 때문에 대체 공급사를 찾고 있음",
            "연간 단가 5% 인하가 올해 구매팀 목표",
            "결제 조건 90일 이상을 원함",
            "품목별 공급사 3곳 체제 유지가 원칙",
            "원자재 가격 연동 단가제 도입을 검토 중",
            "긴급 발주 때 당일 회신해 주는 공급사를 선호함",
        ],
        Department.Engineering =>
        [
            "350℃ 고온 조건에서의 내구성 데이터가 필요함",
            "도면 변경 시 샘플 대응이 느린 게 가장 큰 불만",
            "수입 부품 국산화로 리드타임을 줄이고 싶어함",
            "신모델 설계 단계부터 함께할 공급사를 원함",
            "기술 자료가 영문뿐이라 국문 자료를 요청함",
        ],
        Department.Quality =>
        [
            "작년 경쟁사 로트 불량으로 라인이 이틀 멈춘 경험이 있음",
            "성적서와 PPAP 서류를 꼼꼼하게 봄",
            "불량률 100ppm 이하를 요구함",
            "8D 보고서 회신이 늦은 공급사는 평가에서 감점함",
        ],
        Department.Production =>
        [
            "라인 정지 없이 교체할 수 있는 부품을 원함",
            "재고를 줄이려고 주 단위 분할 납품을 희망함",
            "현장 작업자가 설치하기 쉬운 제품이면 좋겠다고 함",
            "야간 근무 중에도 연락되는 기술 지원 창구가 필요함",
        ],
        Department.Finance =>
        [
            "총소유비용(TCO) 근거 자료를 요구함",
            "환율 변동 위험을 공급사가 부담하길 원함",
            "올해 설비 투자 예산이 20% 줄었음",
        ],
        Department.Management =>
        [
            "수출 물량 확대에 대비해 공급망을 다변화하려 함",
            "ESG 평가 때문에 공급사 탄소 배출 자료를 요구받고 있음",
            "국내 공급사 비중을 늘리라는 그룹 지시가 있음",
            "가격보다 장기 파트너십을 중시함",
        ],
        Department.Other =>
        [
            "물류센터 입고 시간(오전 7~10시) 준수를 요구함",
            "안전 교육을 이수해야 현장 출입 가능",
            "포장재 회수 프로그램에 관심이 있음",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };

    public static string[] EnglishPains(Department department) => department switch
    {
        Department.Purchasing =>
        [
            "Incumbent missed three delivery dates this year; looking for a second source",
            "Has a 4% annual cost-down target on every category",
            "Wants 90-day payment terms and consignment stock",
            "Policy is three suppliers per category, none above 50% share",
            "Asks for raw-material price indexation instead of fixed prices",
        ],
        Department.Engineering =>
        [
            "Needs test data at 350 °C and 40 bar before any approval",
            "Frustrated by slow sample turnaround after drawing changes",
            "Wants a supplier involved from the design stage of the next model",
            "Prefers metric drawings and 3D models in STEP format",
        ],
        Department.Quality =>
        [
            "A competitor's bad lot stopped their line for two days last year",
            "Reviews PPAP and material certificates line by line",
            "Requires below 100 ppm defects and 8D replies within 10 days",
        ],
        Department.Production =>
        [
            "Wants parts that can be changed without stopping the line",
            "Would like weekly deliveries to cut stock on the shop floor",
            "Night shift needs a technical hotline that actually answers",
        ],
        Department.Finance =>
        [
            "Asks for total-cost-of-ownership figures, not just unit prices",
            "Wants the supplier to carry the currency risk",
            "Capex budget cut by 20% this year",
        ],
        Department.Management =>
        [
            "Diversifying the supply chain ahead of an export push",
            "Under pressure to report suppliers' carbon footprint",
            "Values a long-term partner over the lowest price",
        ],
        Department.Other =>
        [
            "Deliveries only accepted 7-10 am at the warehouse",
            "Site access only after safety induction",
            "Interested in returnable packaging",
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(department)),
    };

    /// <summary>Why an opponent is one; added to their pains.</summary>
    public static readonly string[] KoreanDoubts =
    [
        "현 공급사와 10년 넘게 거래해서 변경에 부정적",
        "당사 단가가 10~15% 높다고 생각함",
        "예전 당사 납기 문제를 아직 기억함",
    ];

    public static readonly string[] EnglishDoubts =
    [
        "Close to the incumbent's sales director; sceptical of switching",
        "Thinks our price is 10-15% too high",
        "Still remembers a late delivery of ours two years ago",
    ];
}
