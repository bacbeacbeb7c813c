using Bridgehead.Common;
using Bridgehead.Industries;

namespace Bridgehead.Demo;

/// <summary>
/// Where the demo's markets sit in the industry classification, and the Korean names of the
/// applications the demo companies use our products in.
/// </summary>
internal static class DemoMarkets
{
    /// <summary>The demo's market (what we call the customer's trade) to its ISIC Rev.4 division.</summary>
    public static readonly IReadOnlyDictionary<string, string> IsicCode = new Dictionary<string, string>
    {
        ["Boilers & Heating"] = "28",
        ["Heavy Machinery"] = "28",
        ["Shipbuilding"] = "30",
        ["Plant Engineering"] = "42",
        ["Construction"] = "41",
        ["Steel"] = "24",
        ["Semiconductors"] = "26",
        ["Automotive"] = "29",
        ["Chemicals"] = "20",
        ["HVAC"] = "28",
        ["Industrial Equipment"] = "28",
        ["Power Generation"] = "35",
        ["Machinery"] = "28",
        ["Displays"] = "26",
        ["Batteries"] = "27",
        ["Industrial Automation"] = "28",
        ["Heavy Fabrication"] = "25",
        ["Steel Structures"] = "25",
        ["Flow Control"] = "28",
        ["Castings & Forgings"] = "24",
    };

    private static readonly Dictionary<string, string> Korean = new()
    {
        ["Adhesives"] = "접착제",
        ["Advanced packaging"] = "첨단 패키징",
        ["Air handling units"] = "공조기(AHU)",
        ["Apartment blocks"] = "아파트 단지",
        ["Biogas plants"] = "바이오가스 플랜트",
        ["Brake systems"] = "제동 장치",
        ["Bridges"] = "교량",
        ["Bulk carriers"] = "벌크선",
        ["Chassis parts"] = "섀시 부품",
        ["Chemical plants"] = "화학 플랜트",
        ["Chillers"] = "냉동기(칠러)",
        ["Cold storage"] = "냉동 창고",
        ["Combined-cycle plants"] = "복합화력 발전소",
        ["Commercial refrigeration"] = "상업용 냉장·냉동",
        ["Condensing boilers"] = "콘덴싱 보일러",
        ["Container ships"] = "컨테이너선",
        ["Cruise ferries"] = "크루즈 페리",
        ["District heating substations"] = "지역난방 열교환 설비",
        ["District heating"] = "지역난방",
        ["Drive shafts"] = "구동축",
        ["EV battery cells"] = "전기차 배터리 셀",
        ["EV motor housings"] = "전기차 모터 하우징",
        ["Electrode coating"] = "전극 코팅",
        ["Exhaust systems"] = "배기 장치",
        ["Factory buildings"] = "공장 건물",
        ["Ferries"] = "여객선",
        ["Flanges"] = "플랜지",
        ["Fuel cells"] = "연료전지",
        ["Gas delivery systems"] = "가스 공급 장치",
        ["Gearboxes"] = "감속기",
        ["Heat pumps"] = "히트펌프",
        ["Hospitals"] = "병원",
        ["Hotels"] = "호텔",
        ["Hydraulic cylinders"] = "유압 실린더",
        ["Hydrogen stations"] = "수소 충전소",
        ["Industrial coatings"] = "산업용 도료",
        ["Industrial cooling"] = "산업용 냉각",
        ["Industrial steam boilers"] = "산업용 증기 보일러",
        ["LNG carriers"] = "LNG 운반선",
        ["LNG terminals"] = "LNG 터미널",
        ["Logistics centers"] = "물류 센터",
        ["Marine valves"] = "선박용 밸브",
        ["OLED lines"] = "OLED 라인",
        ["Office towers"] = "오피스 빌딩",
        ["Offshore modules"] = "해양 플랜트 모듈",
        ["Offshore structures"] = "해양 구조물",
        ["Offshore supply vessels"] = "해양 지원선",
        ["Palletizing cells"] = "팔레타이징 셀",
        ["Petrochemical plants"] = "석유화학 플랜트",
        ["Petrochemicals"] = "석유화학 제품",
        ["Pipe fittings"] = "배관 피팅",
        ["Plate heat exchangers"] = "판형 열교환기",
        ["Plate mills"] = "후판 공장",
        ["Port cranes"] = "항만 크레인",
        ["Power plants"] = "발전소",
        ["Pressure vessels"] = "압력 용기",
        ["Pump housings"] = "펌프 하우징",
        ["Refineries"] = "정유 공장",
        ["Research vessels"] = "연구 조사선",
        ["Seat frames"] = "시트 프레임",
        ["Shell-and-tube heat exchangers"] = "쉘앤튜브 열교환기",
        ["Special steel bars"] = "특수강 봉강",
        ["Specialty resins"] = "특수 수지",
        ["Stainless pipes"] = "스테인리스 강관",
        ["Structural sections"] = "형강",
        ["Tunnels"] = "터널",
        ["Vacuum deposition"] = "진공 증착",
        ["Valve bodies"] = "밸브 바디",
        ["Wafer fabs"] = "웨이퍼 팹",
        ["Warehouses"] = "창고",
        ["Waste-heat boilers"] = "폐열 보일러",
        ["Water heaters"] = "온수기",
        ["Water treatment"] = "수처리",
        ["Welding robots"] = "용접 로봇",
    };

    /// <summary>One application per industry and name the demo companies use.</summary>
    public static List<Application> MakeApplications() =>
    [
        .. DemoCompanies.All
            .SelectMany(c => c.Applications.Select(a => (Code: IsicCode[c.Industry], Name: a)))
            .Distinct()
            .Select(x => new Application { IndustryCode = x.Code, NameEn = x.Name, NameKo = Korean[x.Name], SearchName = Text.SearchKey(x.Name) }),
    ];
}
