using Bridgehead.Activities;

namespace Bridgehead.Demo;

/// <summary>
/// A timeline entry to fill in: {contact} becomes the person (or a stand-in), {product} the
/// category talked about ({Product} at the start of an English sentence), {city} the account's city.
/// </summary>
internal sealed record Touch(ActivityKind Kind, string Subject, string Body);

/// <summary>Who a to-do is typically for.</summary>
internal enum ChoreFor
{
    Rep,
    Manager,
    Quality,
}

/// <summary>A to-do to fill in, with the same placeholders as <see cref="Touch"/>.</summary>
internal sealed record Chore(ChoreFor For, string Title, string? Notes = null);

/// <summary>The words of the demo: deal titles, notes, timeline entries and to-dos, in Korean and English.</summary>
internal static class DemoStories
{
    /// <summary>{product} is the category.</summary>
    public static readonly string[] KoreanTitles =
    [
        "{product} 공급사 등록",
        "{product} 2차 벤더 진입",
        "{product} 국산화 대체",
        "신규 라인 {product} 공급",
        "{product} 연간 단가 계약",
        "{product} 사양 변경 대응",
    ];

    /// <summary>{Product} is the category as a heading, {product} and {app} in running text.</summary>
    public static readonly string[] EnglishTitles =
    [
        "{Product} for {app}",
        "Second source for {product}",
        "{Product}: replace the incumbent",
        "{Product} for the new {app} line",
        "{Product} annual frame agreement",
    ];

    public static readonly string[] KoreanStalledNotes =
    [
        "고객 설비 투자 일정이 다음 분기로 밀리면서 검토 보류 중.",
        "구매팀장 교체 후 재검토 예정이라는 답변만 받음.",
    ];

    public static readonly string[] EnglishStalledNotes =
    [
        "Customer put the project on hold until the new budget year.",
        "Waiting for the customer's engineering to release the final spec.",
    ];

    public static readonly string[] KoreanLostNotes =
    [
        "기존 공급사가 단가 12% 인하로 방어. 가격 차이를 좁히지 못함.",
        "품질 평가에서 경쟁사 대비 내구성 데이터 부족으로 탈락.",
    ];

    public static readonly string[] EnglishLostNotes =
    [
        "Lost to the incumbent, who cut the price by 12%.",
        "Customer chose a local supplier for shorter lead times.",
    ];

    public static readonly string[] KoreanDroppedNotes = ["연간 물량이 최소 생산 단위에 못 미쳐 중단."];

    public static readonly string[] EnglishDroppedNotes = ["Dropped: volume below our minimum order and no growth in sight."];

    public static readonly Touch[] KoreanTouches =
    [
        new(ActivityKind.Meeting, "{product} 사양 검토 회의", "{contact} 외 설계·품질 담당 참석. 현 사용 제품 대비 내열 성능 비교 자료를 요청받음. 다음 주까지 데이터시트 송부 예정."),
        new(ActivityKind.Meeting, "분기 사업 리뷰(QBR)", "상반기 납품 실적과 불량 현황 공유. 납기 준수율 97%로 양호 평가. 하반기 물량 10% 증가 예상."),
        new(ActivityKind.Meeting, "신규 프로젝트 킥오프", "{contact}: 신규 라인 적용 일정 공유. 시제품 평가는 다음 달 시작을 희망함."),
        new(ActivityKind.Meeting, "{product} 단가 협상 1차", "고객 목표 단가와 7% 차이. 물량 확정 시 3% 조정 가능하다고 답하고 나머지는 결제 조건으로 보완 제안."),
        new(ActivityKind.Meeting, "품질 개선 협의", "지난달 로트에서 치수 편차 발견. 원인 분석 결과를 공유하고 출하 검사 강화를 약속함."),
        new(ActivityKind.Meeting, "기술 세미나 진행", "{product} 신제품 소개. 생산기술팀 6명 참석, 질의응답 40분. 반응 좋음."),
        new(ActivityKind.Call, "{contact} 통화 – 납기 확인", "이번 달 발주분을 2주 당겨 달라는 요청. 생산팀 확인 후 내일 회신하기로 함."),
        new(ActivityKind.Call, "샘플 평가 결과 문의", "1차 샘플 평가 합격. 2차 평가는 다른 라인을 포함해 진행 예정."),
        new(ActivityKind.Call, "경쟁사 가격 동향 청취", "경쟁사가 원자재 인상을 이유로 단가 6% 인상을 통보했다고 함. 진입 기회."),
        new(ActivityKind.Call, "{contact} 안부 전화", "인사이동으로 다음 달부터 구매팀장이 바뀐다는 정보 입수."),
        new(ActivityKind.Call, "견적 후속 통화", "견적서 검토 중. 결제 조건 60일 가능 여부 문의받음."),
        new(ActivityKind.Call, "{product} 긴급 요청 대응", "설비 고장으로 예비품 긴급 요청. 재고 확인 후 내일 오전 퀵 배송 약속."),
        new(ActivityKind.Email, "견적서 송부 – {product}", "요청하신 {product} 견적서(연간 물량 기준)를 첨부합니다. 유효기간 30일."),
        new(ActivityKind.Email, "Re: 샘플 일정 문의", "샘플 20EA를 다음 주 수요일에 출하할 예정임을 안내함."),
        new(ActivityKind.Email, "기술 자료 송부", "{contact}님 요청으로 내열·내식 시험 성적서와 국문 카탈로그 송부."),
        new(ActivityKind.Email, "납품 일정 변경 안내", "항만 적체로 선적이 3일 늦어질 수 있음을 미리 알림. 대체 항로 검토 중."),
        new(ActivityKind.Email, "회의록 공유", "{contact}님께 지난 회의 결과와 후속 조치 항목을 정리해 발송."),
        new(ActivityKind.Email, "공급사 등록 서류 제출", "사업자등록증, ISO 9001 인증서, 최근 3년 재무제표 제출 완료."),
        new(ActivityKind.Visit, "{city} 공장 방문", "생산 라인 투어. {product} 사용 공정 확인, 설치 공간이 좁아 소형 모델이 필요함."),
        new(ActivityKind.Visit, "현장 기술 지원", "설치 초기 누설 문제 점검. 체결 토크 가이드 재교육 후 해결."),
        new(ActivityKind.Visit, "신임 구매팀장 인사 방문", "{contact} 상견례. 공급사 평가 기준(가격 40%, 품질 40%, 대응 20%)을 들음."),
        new(ActivityKind.Visit, "고객 품질팀 당사 공장 실사", "지적 사항 2건(자재 보관 환경, 추적성 라벨). 2주 내 개선 보고 예정."),
        new(ActivityKind.Note, "경쟁사 동향 메모", "경쟁사가 이 고객 근처에 재고 창고 개설을 검토 중이라는 소문."),
        new(ActivityKind.Note, "내부 메모: 가격 전략", "첫 거래는 레퍼런스 확보가 목적이므로 마진 축소 감수. 팀장 승인 필요."),
        new(ActivityKind.Note, "계정 현황 정리", "{product} 점유율 약 20%, 주요 경쟁사 2곳. 다음 분기 목표 30%."),
        new(ActivityKind.Note, "고객 조직 변경", "구매와 품질이 통합 조달본부로 개편될 예정. 의사결정 구조 재파악 필요."),
    ];

    public static readonly Touch[] EnglishTouches =
    [
        new(ActivityKind.Meeting, "{Product} spec review", "{contact} plus design and quality. They want a heat-resistance comparison with the current part; datasheet due next week."),
        new(ActivityKind.Meeting, "Quarterly business review", "Went through deliveries and defects for the half year. On-time delivery at 97%, rated good. Volume up about 10% next half."),
        new(ActivityKind.Meeting, "Project kick-off", "{contact} shared the timeline for the new line. Prototype evaluation to start next month."),
        new(ActivityKind.Meeting, "{Product} price negotiation, round 1", "7% apart from their target. Offered 3% for a volume commitment; the rest via payment terms."),
        new(ActivityKind.Meeting, "Quality improvement meeting", "Dimensional deviation in last month's lot. Shared root cause, committed to tighter outgoing inspection."),
        new(ActivityKind.Meeting, "Technical workshop", "Presented the new {product} range to six engineers. Good questions on lifetime and certification."),
        new(ActivityKind.Call, "Call with {contact} – delivery dates", "Asked to pull this month's order forward by two weeks. Checking with production, reply tomorrow."),
        new(ActivityKind.Call, "Sample evaluation feedback", "First samples passed. Second round will include another line."),
        new(ActivityKind.Call, "Heard about incumbent's price increase", "Incumbent announced +6% citing raw materials. Opening for us."),
        new(ActivityKind.Call, "Catch-up with {contact}", "Their head of purchasing is moving to another plant next month; successor not named yet."),
        new(ActivityKind.Call, "Quote follow-up", "Quote under review. They asked whether 60-day payment terms are possible."),
        new(ActivityKind.Email, "Quotation – {Product}", "Attached our {product} quotation on annual volume, valid 30 days."),
        new(ActivityKind.Email, "Re: sample schedule", "Confirmed 20 samples ship next Wednesday."),
        new(ActivityKind.Email, "Technical documents", "Sent {contact} the corrosion and temperature test reports plus the English catalogue."),
        new(ActivityKind.Email, "Shipping delay notice", "Warned of a possible 3-day delay due to port congestion; checking an alternative route."),
        new(ActivityKind.Email, "Meeting minutes", "Sent {contact} the minutes and the list of follow-up actions."),
        new(ActivityKind.Visit, "Plant visit {city}", "Toured the line where {product} is used. Space is tight; a compact model is needed."),
        new(ActivityKind.Visit, "On-site technical support", "Checked a leak at start-up. Retrained the fitters on tightening torque; solved."),
        new(ActivityKind.Visit, "Intro visit with new buyer", "Met {contact}. Their supplier scorecard: price 40%, quality 40%, responsiveness 20%."),
        new(ActivityKind.Note, "Competitor watch", "Rumour that a competitor plans a local warehouse near this customer."),
        new(ActivityKind.Note, "Internal note: pricing", "First deal is about the reference; accept a thin margin. Needs manager approval."),
        new(ActivityKind.Note, "Account snapshot", "About 20% share on {product}, two main competitors. Target 30% next quarter."),
        new(ActivityKind.Note, "Org change at customer", "Purchasing and quality merge into one sourcing department; need to remap the buying center."),
    ];

    public static readonly Chore[] KoreanChores =
    [
        new(ChoreFor.Rep, "{product} 견적서 재발행 (단가 수정)"),
        new(ChoreFor.Rep, "샘플 발송 일정 확정", "고객 요청 수량 20EA, 성적서 동봉"),
        new(ChoreFor.Rep, "{contact}님께 회의록 송부"),
        new(ChoreFor.Rep, "연간 단가 계약 갱신안 준비"),
        new(ChoreFor.Rep, "경쟁사 단가 정보 확인"),
        new(ChoreFor.Rep, "{city} 공장 방문 일정 잡기"),
        new(ChoreFor.Rep, "국문 기술 자료 요청 대응"),
        new(ChoreFor.Rep, "{contact}님 샘플 평가 결과 확인 전화"),
        new(ChoreFor.Manager, "{product} 특별 할인 승인 검토", "마진 18% → 12%, 첫 거래 레퍼런스 목적"),
        new(ChoreFor.Manager, "어카운트 플랜 검토", "연간 목표와 경쟁사 대응 전략 확인"),
        new(ChoreFor.Quality, "PPAP 서류 패키지 준비"),
        new(ChoreFor.Quality, "8D 보고서 회신", "치수 불량 건, D4 근본 원인까지 작성"),
    ];

    public static readonly Chore[] EnglishChores =
    [
        new(ChoreFor.Rep, "Send revised {product} quote"),
        new(ChoreFor.Rep, "Confirm sample shipment date", "20 pieces with material certificates"),
        new(ChoreFor.Rep, "Follow up with {contact} on trial results"),
        new(ChoreFor.Rep, "Prepare QBR slides"),
        new(ChoreFor.Rep, "Book plant visit in {city}"),
        new(ChoreFor.Rep, "Check incumbent's new price list"),
        new(ChoreFor.Manager, "Approve discount on {product}", "Margin would drop from 18% to 12%; reference deal"),
        new(ChoreFor.Manager, "Review account plan", "Check the yearly target and the answer to the competitor's moves"),
        new(ChoreFor.Quality, "Prepare supplier audit documentation"),
        new(ChoreFor.Quality, "Review customer's supplier quality manual"),
    ];
}
