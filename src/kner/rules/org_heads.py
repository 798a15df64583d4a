"""Organisation heads: the last element of a Korean organisation name, one row a head.

A data table for :mod:`kner.rules.orgnames` (GiNZA style: data here, matching there). Each row is
``Head(text, min_stem, proper)``:

* ``text``: the string the name's noun core ends in (``…진흥원``, ``…협회``).
* ``min_stem``: how many characters must come before the head (``통합재단`` has 2, too few for
  ``재단``; ``경기신용보증재단`` has 6).
* ``proper``: the name must start with a proper noun or a Latin/hanja token (``NNP``/``SL``/``SH``),
  or be one ``NNP`` token as Kiwi tags it — for heads that also end common nouns (``…은행`` in
  ``시중은행``, ``…전자`` in ``가전전자``).

The longest head that matches a word decides (``…진흥재단`` before ``…재단``). A word that ends
in one of :data:`STOP_ENDINGS` is never a name: common nouns that end in a shorter head (``…정당``,
``…식당``, ``…성당`` end in the party head ``…당``). Short heads that
end many common words (부, 처, 청, 원) are not heads on their own: only the longer forms listed
here are (``…안전부``, ``…혁신처``, ``…개발청``, ``…연구원``), and :data:`BLOCKED_WORDS` /
:data:`GENERIC_STEMS` list the common words they still end.
"""

from typing import NamedTuple


class Head(NamedTuple):
    text: str
    min_stem: int = 2
    proper: bool = False


HEADS: tuple[Head, ...] = (
    # -- public agencies, institutes, foundations ------------------------------------------------
    Head("테크노파크", 2),          # 강원테크노파크
    Head("테크노밸리", 2, True),    # 원주의료기기테크노밸리 (a foundation); 판교테크노밸리 is a place: proper only
    Head("진흥원", 2),              # 창업진흥원, 춘천바이오산업진흥원
    Head("진흥회", 2),              # 한국기계산업진흥회
    Head("진흥공단", 2),            # 중소벤처기업진흥공단
    Head("진흥재단", 2),            # 연구개발특구진흥재단
    Head("진흥공사", 2),            # 대한무역투자진흥공사
    Head("진흥연구소", 2),          # 국방기술진흥연구소
    Head("연구원", 3),              # 한국전기연구원; 선임연구원, 책임연구원 are titles (GENERIC_STEMS)
    Head("연구소", 3),              # 포항산업과학연구소, 삼성경제연구소; 부설연구소 is generic
    Head("과학원", 2),              # 한국과학기술원
    Head("기술원", 2),              # 한국환경산업기술원, 울산과학기술원
    Head("평가원", 2),              # 농림식품기술기획평가원
    Head("관리원", 3),              # 한국임업진흥관리원
    Head("정보원", 3),              # 한국고용정보원
    Head("개발원", 3),              # 한국교육개발원
    Head("금융원", 2),              # 농업정책보험금융원
    Head("혁신원", 2),              # 충북과학기술혁신원
    Head("교육원", 3),              # 한국산업인력교육원
    Head("인증원", 2),              # 한국인정인증원
    Head("시험원", 2),              # 한국기계전기전자시험연구원 ends 연구원; …시험원
    Head("재단", 3),                # 경기신용보증재단; 통합재단 (stem 2) is not
    Head("기금", 4),                # 기술보증기금, 신용보증기금; 발전기금 / 출연기금 are funds (GENERIC_STEMS)
    Head("공사", 2, True),          # 한국도로공사 (NNP); 건설공사, 보수공사 are works
    Head("공단", 4),                # 근로복지공단, 한국산업단지공단; 구미공단 (stem 2) is an estate
    Head("공제회", 2),              # 과학기술인공제회
    Head("보험공사", 2),            # 한국무역보험공사
    # -- associations, councils, chambers -------------------------------------------------------
    Head("협회", 2),                # 한국바이오협회
    Head("협의회", 3, True),        # 한국전문대학교육협의회; 정책전략협의회 (a council run by the TP, B10/5.2): proper only
    Head("연합회", 2),              # 한국여성경제인연합회
    Head("중앙회", 2),              # 중소기업중앙회
    Head("상공회의소", 2),          # 인천상공회의소
    Head("조합", 3),                # 한국조선해양기자재공업협동조합; 노동조합 alone is generic
    Head("학회", 3),                # 한국재료학회
    Head("위원회", 3),              # 지방시대위원회, 공정거래위원회; 운영위원회 (stem 2) is not
    Head("사업단", 4),              # 인공지능산업융합사업단; 정책기획단 / 기업지원단 (B10) are no heads
    Head("혁신센터", 2),            # 충북창조경제혁신센터; a bare …센터 is mostly a facility (guidelines 5.16)
    # -- government bodies (the Korean ministries are in the KB; these catch agencies and foreign ones)
    Head("안전부", 2),              # 행정안전부
    Head("자원부", 2),              # 산업통상자원부
    Head("기업부", 2),              # 중소벤처기업부
    Head("복지부", 2),              # 보건복지부
    Head("가족부", 2),              # 여성가족부
    Head("통신부", 2),              # 과학기술정보통신부
    Head("교통부", 2),              # 국토교통부
    Head("수산부", 2),              # 해양수산부
    Head("식품부", 2),              # 농림축산식품부
    Head("관광부", 2),              # 문화체육관광부
    Head("노동부", 2),              # 고용노동부
    Head("보훈부", 2),              # 국가보훈부
    Head("재정부", 2),              # 기획재정부
    Head("국무부", 1),              # 미 국무부
    Head("상무부", 1),              # 미 상무부 (Kiwi: 상무 + 부)
    Head("에너지부", 1),            # 미 에너지부
    Head("안전처", 2),              # 식품의약품안전처
    Head("혁신처", 2),              # 인사혁신처
    Head("보훈처", 2),              # 국가보훈처
    Head("사업청", 2),              # 방위사업청
    Head("개발청", 2),              # 새만금개발청
    Head("관리청", 2),              # 질병관리청
    Head("벤처기업청", 2),          # 강원지방중소벤처기업청
    Head("중소기업청", 2),          # 부산지방중소기업청
    Head("경찰청", 2),              # 해양경찰청, 서울지방경찰청 (bare 경찰청: stem 0, not matched)
    Head("건설청", 2),              # 행정중심복합도시건설청
    Head("경제청", 2),              # 광양만권경제청
    Head("자유구역청", 2),          # 인천경제자유구역청
    Head("진흥청", 2),              # 농촌진흥청
    # -- universities, hospitals, banks ------------------------------------------------------------
    Head("대학교", 2),              # 영남대학교; 지역대학교 is generic (GENERIC_STEMS)
    Head("과학기술원", 2),          # 대구경북과학기술원
    Head("대학", 2, True),          # 폴리텍대학; 지역대학, 전문대학 are generic
    Head("병원", 2, True),          # 서울아산병원; 대학병원, 요양병원 are generic
    Head("은행", 2),                # 하나은행, BNK경남은행; 시중은행, 저축은행 are generic
    Head("증권", 2, True),          # 삼성증권
    Head("보험", 2, True),          # 현대해상화재보험 (proper only: 고용보험 is generic)
    Head("금융지주", 2),            # BNK금융지주
    # -- companies (proper names only: a common noun ends the same way) ----------------------------
    Head("그룹", 2, True),          # 현대차그룹
    Head("전자", 2, True),          # 삼성전자
    Head("중공업", 2, True),        # 현대중공업
    Head("공업", 2, True),          # 한일화학고무공업
    Head("제약", 2, True),          # 대웅제약
    Head("화학", 2, True),          # LG화학
    Head("케미칼", 2),              # 한길케미칼
    Head("바이오", 2, True),        # STJEN바이오; Kiwi tags a new company name NNP or NNG+NNG: proper only
    Head("바이오로직스", 2),        # 삼성바이오로직스
    Head("테라퓨틱스", 2),          # 아피셀테라퓨틱스
    Head("로보틱스", 2),            # 딥블루로보틱스
    Head("머티리얼즈", 2),          # 한빛에너지머티리얼즈
    Head("에너빌리티", 2),          # 두산에너빌리티
    Head("에어로스페이스", 2),      # 한화에어로스페이스
    Head("이노텍", 2),              # LG이노텍
    Head("파워텍", 2),              # 에이치투파워텍
    Head("홀딩스", 2),              # 두산홀딩스
    Head("인베스트먼트", 2),        # 스틱인베스트먼트
    Head("파트너스", 2),            # 프리미어파트너스
    Head("벤처스", 2),              # 카카오벤처스
    Head("엔지니어링", 2, True),    # 현대엔지니어링
    Head("건설", 2, True),          # 현대건설; 지역건설 is generic (proper)
    Head("물산", 2, True),          # 삼성물산
    Head("자동차", 2, True),        # 현대자동차; 친환경자동차 is generic (proper)
    Head("모터스", 2),              # 대창모터스
    Head("조선해양", 2, True),      # 대우조선해양
    Head("해운", 2, True),          # 고려해운
    Head("항공", 2, True),          # 대한항공
    Head("통신", 2, True),          # 한국통신 (proper only: 이동통신 is generic)
    Head("텔레콤", 2),              # SK텔레콤
    Head("디스플레이", 2, True),    # LG디스플레이, 삼성디스플레이
    Head("반도체", 2, True),        # 한미반도체
    Head("하이닉스", 2),            # SK하이닉스
    Head("실트론", 2),              # SK실트론
    Head("퓨처엠", 2),              # 포스코퓨처엠
    Head("제철", 2, True),          # 현대제철
    Head("스틸", 2, True),          # 세아스틸
    Head("철강", 2, True),          # 동국철강 (proper only: 국내철강 is not)
    Head("식품", 2, True),          # 오뚜기식품 (proper only: 가공식품 is not)
    Head("주식회사", 2),            # 네올 주식회사 (written after the name)
    # -- national news: parties, media, schools, courts, prosecution, police and fire stations -------
    Head("당", 2, True),            # 한나라당, 정의당, 바른미래당; 정당, 여당, 신당 (stem 1), 보수정당 (NNG) are not
    Head("일보", 2),                # 조선일보, 강원일보; 진일보 (stem 1) is a word
    Head("신문", 2, True),          # 경향신문, 매일신문; 지역신문, 종이신문 are generic (proper)
    Head("방송", 2, True),          # 한국방송, 문화방송, 서울방송; 지역방송, 공영방송, 생방송 are not
    Head("통신사", 2, True),        # 신화통신사; 이동통신사, 해외통신사 are generic (proper)
    Head("고등학교", 2, True),      # 경기고등학교, 서울과학고등학교; 과학고등학교 alone is a kind (BLOCKED_WORDS)
    Head("중학교", 2, True),        # 잠실중학교; 여자중학교 is a kind
    Head("초등학교", 2, True),      # 서울초등학교 (서울 NNP + 초등학교); 인근초등학교 is not
    Head("지방법원", 2),            # 서울중앙지방법원, 수원지방법원; bare 지방법원 (stem 0) is not
    Head("고등법원", 2),            # 서울고등법원; bare 고등법원 is not
    Head("법원", 2, True),          # 서울행정법원, 서울가정법원; 가정법원, 회생법원 (NNG) are kinds of court
    Head("지법", 2, True),          # 수원지법, 서울중앙지법
    Head("고법", 2, True),          # 부산고법 (부산 NNP + 고법)
    Head("지방검찰청", 2),          # 서울중앙지방검찰청; bare 지방검찰청 is not
    Head("고등검찰청", 2),          # 서울고등검찰청
    Head("지검", 2, True),          # 춘천지검, 의정부지검
    Head("지청", 2, True),          # 여주지청 (a branch of a prosecution or labour office)
    Head("경찰서", 2, True),        # 종로경찰서, 해운대경찰서; 관할경찰서, 인근경찰서 (NNG) are not
    Head("소방서", 2, True),        # 강남소방서; 관할소방서 is not
)

# endings of common nouns that end in a shorter head: a word ending in one is never a name
STOP_ENDINGS = (
    "정당",  # …정당 is a kind of party (진보정당, 보수정당)
    "여당",  # 집권여당
    "야당",  # 제1야당
    "식당",  # 서울식당 is a restaurant, not a party
    "성당",  # 명동성당 (one NNP) is a church building
    "강당",  # 대강당
    "전당",  # 민주주의전당
)

# whole words (noun cores) that end in a head but are common nouns or generic groups
BLOCKED_WORDS = frozenset({
    "통합재단", "지역대학", "지방대학", "전문대학", "국립대학", "사립대학", "거점대학", "대학병원", "종합병원",
    "요양병원", "전문병원", "동물병원", "지역병원", "거점병원", "공공병원", "시중은행", "지방은행", "중앙은행",
    "국책은행", "저축은행", "인터넷은행", "주거래은행", "협약은행", "참여은행", "민간은행", "외국은행", "투자은행",
    "상업은행", "지역은행", "정부출연연구소", "출연연구소", "기업부설연구소", "부설연구소", "민간연구소",
    "국책연구원", "출연연구원", "정부출연연구원", "지방공사", "지방공단", "연구재단", "민간재단",
    "공익재단", "장학재단", "지역혁신센터", "노동조합", "협동조합", "사업협동조합",
    "운영위원회", "실무위원회", "심의위원회", "평가위원회", "자문위원회", "선정위원회", "추진위원회",
    "조정위원회", "집행위원회", "준비위원회", "조직위원회", "관리위원회", "위원회", "지역협의회", "실무협의회",
    "운영협의회", "정책협의회", "관련협회", "업종별협회", "사업단", "기업그룹", "지역기업그룹", "대기업그룹",
    "가전전자", "소재부품전자", "의료기기전자", "정밀화학", "석유화학", "정밀공업", "기계공업", "중화학공업",
    "제조공업", "바이오제약", "의약바이오", "레드바이오", "그린바이오", "화이트바이오", "블루바이오",
    "친환경자동차", "미래자동차", "수소자동차", "전기자동차", "자율주행자동차", "지역건설", "해외건설",
    "고용보험", "산재보험", "건강보험", "수출보험", "무역보험", "실업보험",
    # kinds of school, broadcast and party that Kiwi tags as one proper noun or that start with Latin letters
    "외국어고등학교", "국제고등학교", "예술고등학교", "체육고등학교", "마이스터고등학교", "과학고등학교",
    "자율형사립고등학교", "국제중학교", "예술중학교", "체육중학교", "TV방송", "IPTV방송", "DMB방송",
    "FM방송", "AM방송", "HD방송", "유튜브방송",
})
# stems that make a common noun of a head (titles, generic kinds): the whole stem, not its end
# (선임연구원, 지역대학교, 운영위원회; 창업진흥원 and 산업은행 are names)
GENERIC_STEMS = (
    # person titles: 선임연구원 …
    "선임", "책임", "수석", "전임", "주임", "박사후", "객원", "초빙", "위촉", "연구", "보조", "인턴", "학생",
    "지역", "해당", "관계", "관련", "각", "전국", "국내", "해외", "주요", "우수", "참여", "협력", "산하", "소속",
    "부설", "출연", "민간", "공공", "국책", "국립", "정부", "지방", "협약", "공동", "신규", "기존", "전문", "대형",
    "중소", "중견", "대기업", "유관", "수행", "주관", "운영", "심의", "평가", "지역산업", "지역혁신",
    "자문", "선정", "추진", "실무", "조정", "집행", "준비", "조직", "출연금",
)
# a unit named right after its parent makes one ORG with it (B10): 전남테크노파크 신소재기술산업화지원센터
UNIT_HEADS = ("센터", "지역본부", "본부", "무역관", "분원", "캠퍼스", "지사", "지부", "연구단", "사업단")
# words that end in a unit head but are not units
UNIT_BLOCKED = frozenset({"센터", "본부", "지사", "지부", "분원", "캠퍼스", "무역관", "사업단", "연구단",
                          "지원센터", "연구센터", "교육센터", "상담센터", "콜센터", "데이터센터", "기술센터"})
