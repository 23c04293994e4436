"""The demo bimtek's question bank: twenty questions on issue monitoring and on optimising
dissemination, used for both the pre-test and the post-test (the usual practice, which makes
the improvement per question exact), each with the short explanation participants see in
their review.

Beside each question, what the demo's simulated participants need: how hard it is before the
training (``difficulty``, on the ability scale), how much the day's sessions teach it
(``learning``; the morning session teaches issues, monitoring and agenda setting, the
afternoon goals, channeling and audience) and the wrong option people fall for most
(``lure``).
"""

from __future__ import annotations

from typing import NamedTuple


class DemoQuestion(NamedTuple):
    topic: str
    text: str
    options: tuple[str, ...]
    key: str  # letters, "B" or "A,B" (all of them must be chosen)
    explanation: str
    difficulty: float
    learning: float
    lure: str  # letter of the most tempting wrong option
    session: int  # the session that teaches it (1 or 2)


BANK: tuple[DemoQuestion, ...] = (
    DemoQuestion(
        "isu",
        "Dalam kehumasan pemerintah, yang dimaksud dengan isu adalah …",
        (
            "Setiap unggahan warganet yang menyebut nama instansi",
            "Perbincangan publik tentang suatu masalah yang menyangkut kepentingan instansi "
            "dan dapat berkembang memengaruhi citra atau kebijakannya",
            "Berita bohong yang beredar di media sosial",
            "Topik yang sedang menjadi trending di X",
        ),
        "B",
        "Isu adalah percakapan publik tentang masalah yang menyangkut kepentingan instansi dan "
        "berpotensi berkembang. Tidak setiap sebutan nama instansi adalah isu, dan isu tidak "
        "selalu berupa hoaks atau topik trending.",
        -0.7,
        0.5,
        "D",
        1,
    ),
    DemoQuestion(
        "isu",
        "Pada tahap mana dalam siklus hidup isu intervensi komunikasi paling murah dan paling "
        "efektif?",
        (
            "Tahap potensial atau muncul, ketika isu baru dibicarakan segelintir akun",
            "Tahap puncak, ketika isu sudah diberitakan media nasional",
            "Tahap krisis, ketika pimpinan sudah dimintai keterangan oleh DPR",
            "Tahap mereda, ketika percakapan sudah turun",
        ),
        "A",
        "Pada tahap potensial atau muncul, isu masih kecil dan narasinya belum terbentuk, "
        "sehingga informasi proaktif atau klarifikasi paling murah dan paling efektif.",
        0.3,
        1.2,
        "B",
        1,
    ),
    DemoQuestion(
        "isu",
        "Manakah tanda paling kuat bahwa sebuah percakapan sedang berkembang menjadi isu yang "
        "perlu ditangani?",
        (
            "Ada satu unggahan bernada negatif dari akun anonim",
            "Akun resmi instansi mendapat banyak tanda suka",
            "Ada komentar yang salah ketik menyebut nama instansi",
            "Volume percakapan naik tajam di atas kebiasaan, menyebar ke beberapa platform, "
            "dan mulai dikutip media",
        ),
        "D",
        "Isu yang berkembang terlihat dari lonjakan di atas garis dasar, penyebaran lintas "
        "platform dan pengutipan oleh media; satu unggahan negatif saja belum tentu isu.",
        -0.3,
        0.9,
        "A",
        1,
    ),
    DemoQuestion(
        "isu",
        "Hoaks tentang program instansi mulai menyebar. Langkah pertama yang paling tepat adalah …",
        (
            "Mengabaikannya agar tidak ikut memviralkan",
            "Melaporkan semua akun penyebarnya ke polisi",
            "Memverifikasi faktanya, lalu menyiapkan klarifikasi resmi berbasis data dan "
            "menyebarkannya di kanal tempat hoaks itu beredar",
            "Menghapus komentar warga yang membahasnya di akun resmi",
        ),
        "C",
        "Hoaks dilawan dengan verifikasi lalu klarifikasi berbasis data di kanal yang sama "
        "dengan sebarannya. Mengabaikan atau menghapus komentar justru memberi ruang bagi "
        "hoaks.",
        -0.9,
        0.4,
        "A",
        1,
    ),
    DemoQuestion(
        "monitoring",
        "Dalam alat monitoring media sosial, operator AND, OR dan NOT pada kata kunci "
        "dipakai untuk …",
        (
            "Menambah jumlah pengikut akun resmi",
            "Menjadwalkan unggahan",
            "Menyusun kueri yang menangkap percakapan yang relevan dan menyaring yang tidak "
            "relevan",
            "Menghapus komentar negatif secara otomatis",
        ),
        "C",
        "Operator boolean menyusun kueri: OR memperluas (sinonim, ejaan lain), AND "
        "mempersempit, NOT membuang percakapan yang tidak relevan.",
        -0.4,
        0.8,
        "B",
        1,
    ),
    DemoQuestion(
        "monitoring",
        "Mengapa kata kunci pemantauan sebaiknya memuat juga singkatan, nama lama dan salah "
        "ketik yang umum dari nama instansi?",
        (
            "Karena warganet sering menyebut instansi dengan singkatan, nama lama atau ejaan "
            "yang keliru, sehingga tanpa variasi itu banyak percakapan terlewat",
            "Supaya laporan pemantauan terlihat lebih tebal",
            "Karena mesin pencari platform mewajibkannya",
            "Supaya hasil pemantauan lebih sedikit dan mudah dibaca",
        ),
        "A",
        "Kelengkapan pemantauan bergantung pada variasi sebutan: nama lama dan singkatan "
        "populer sering lebih banyak dipakai warganet daripada nama resmi.",
        0.2,
        1.0,
        "D",
        1,
    ),
    DemoQuestion(
        "monitoring",
        "Indikator yang paling tepat untuk menilai besarnya sebuah isu dalam laporan harian "
        "adalah …",
        (
            "Jumlah unggahan akun resmi hari itu",
            "Jumlah pegawai yang membaca laporan",
            "Jumlah tagar yang dipakai instansi",
            "Volume percakapan, jangkauan, sebaran platform dan porsi sentimen negatif "
            "dibandingkan hari-hari biasa",
        ),
        "D",
        "Besarnya isu dinilai dari volume, jangkauan, sebaran dan sentimen dibandingkan garis "
        "dasar, bukan dari aktivitas akun resmi sendiri.",
        0.0,
        0.9,
        "A",
        1,
    ),
    DemoQuestion(
        "monitoring",
        "Hasil analisis sentimen otomatis pada alat monitoring sebaiknya …",
        (
            "Dipercaya sepenuhnya karena dihitung oleh mesin",
            "Dibaca sebagai petunjuk awal, lalu diperiksa dengan membaca contoh unggahan, "
            "terutama yang bernada sarkas atau berbahasa daerah",
            "Diabaikan karena selalu salah",
            "Hanya dipakai untuk unggahan berbahasa Inggris",
        ),
        "B",
        "Model sentimen sering keliru pada sarkasme, bahasa gaul dan bahasa daerah; angkanya "
        "adalah petunjuk yang perlu dicek dengan membaca sampel unggahan.",
        0.5,
        1.1,
        "A",
        1,
    ),
    DemoQuestion(
        "agenda setting",
        "Apa hubungan monitoring isu dengan agenda setting instansi?",
        (
            "Tidak ada hubungannya; agenda ditentukan pimpinan saja",
            "Monitoring menggantikan agenda setting",
            "Hasil monitoring menunjukkan apa yang sedang diperhatikan publik, sehingga "
            "instansi dapat menentukan pesan yang perlu diangkat, diluruskan atau diperkuat",
            "Agenda setting hanya berlaku untuk media massa, bukan media sosial",
        ),
        "C",
        "Monitoring adalah masukan bagi agenda setting: ia menunjukkan apa yang dibicarakan "
        "publik, lalu instansi memilih isu dan pesan yang diangkat.",
        0.4,
        1.5,
        "A",
        1,
    ),
    DemoQuestion(
        "agenda setting",
        "Menurut teori agenda setting, media (termasuk kanal resmi pemerintah) …",
        (
            "Memengaruhi isu apa yang dianggap penting oleh publik melalui seberapa sering dan "
            "seberapa menonjol isu itu disampaikan",
            "Menentukan secara rinci apa yang harus dipikirkan publik",
            "Tidak berpengaruh apa pun terhadap publik",
            "Hanya berpengaruh pada masa kampanye pemilu",
        ),
        "A",
        "Agenda setting (McCombs dan Shaw): media tidak menentukan apa yang dipikirkan publik, "
        "tetapi memengaruhi apa yang dianggap penting lewat frekuensi dan penonjolan.",
        0.7,
        1.4,
        "B",
        1,
    ),
    DemoQuestion(
        "agenda setting",
        "Program prioritas instansi jarang dibicarakan publik, sementara isu harga pangan "
        "sedang ramai. Langkah agenda setting yang paling tepat adalah …",
        (
            "Berhenti membicarakan program prioritas sampai isu harga pangan reda",
            "Mengunggah materi program prioritas sebanyak mungkin dalam satu hari",
            "Meminta media menurunkan berita tentang harga pangan",
            "Mengaitkan pesan program dengan perhatian publik (misalnya manfaatnya bagi harga "
            "pangan) dan menyampaikannya secara konsisten di berbagai kanal",
        ),
        "D",
        "Pesan instansi lebih mudah masuk agenda publik bila dikaitkan dengan hal yang sudah "
        "diperhatikan publik dan disampaikan konsisten, bukan sekaligus dalam satu hari.",
        1.0,
        1.6,
        "B",
        1,
    ),
    DemoQuestion(
        "tujuan",
        "Langkah pertama dalam merencanakan diseminasi informasi adalah …",
        (
            "Memilih desain dan warna konten",
            "Menetapkan tujuan utama komunikasi: apa yang ingin dicapai, pada siapa",
            "Menentukan jumlah unggahan per hari",
            "Memasang iklan berbayar",
        ),
        "B",
        "Tujuan ditetapkan lebih dulu; kanal, format, jadwal dan ukuran keberhasilan mengikuti "
        "tujuan itu.",
        -0.5,
        0.9,
        "C",
        2,
    ),
    DemoQuestion(
        "tujuan",
        "Manakah rumusan tujuan diseminasi yang paling baik (SMART)?",
        (
            "Meningkatkan citra instansi di mata masyarakat",
            "Membuat konten yang viral di semua platform",
            "Menaikkan jumlah pelaku UMKM di tiga kabupaten yang mendaftar layanan izin daring "
            "sebesar 20% dalam tiga bulan",
            "Mengunggah konten setiap hari tanpa jeda",
        ),
        "C",
        "Tujuan SMART itu spesifik, terukur, dapat dicapai, relevan dan berbatas waktu; "
        "'meningkatkan citra' atau 'viral' tidak terukur dan tidak menyebut khalayaknya.",
        0.3,
        1.3,
        "A",
        2,
    ),
    DemoQuestion(
        "tujuan",
        "Tujuan meningkatkan kesadaran (awareness) paling tepat diukur dengan …",
        (
            "Jangkauan (reach) dan tayangan (impressions) di kalangan khalayak sasaran",
            "Jumlah pegawai yang membagikan konten",
            "Jumlah komentar negatif",
            "Jumlah rapat koordinasi yang digelar",
        ),
        "A",
        "Kesadaran diukur dari berapa banyak khalayak sasaran yang terpapar pesan (jangkauan, "
        "tayangan); keterlibatan dan tindakan diukur dengan indikator lain.",
        0.6,
        1.2,
        "B",
        2,
    ),
    DemoQuestion(
        "kanalisasi",
        "Kanalisasi konten berarti …",
        (
            "Mengunggah konten yang sama persis di semua platform pada waktu yang sama",
            "Membatasi konten hanya di satu platform resmi",
            "Menghapus konten lama secara berkala",
            "Menyalurkan setiap konten ke platform dan format yang paling sesuai dengan tujuan "
            "dan khalayaknya",
        ),
        "D",
        "Kanalisasi menyalurkan tiap konten ke kanal dan format yang cocok (video pendek, "
        "infografis, utas, siaran pers) sesuai tujuan dan khalayaknya, bukan menyalin konten "
        "yang sama ke semua platform.",
        0.2,
        1.7,
        "A",
        2,
    ),
    DemoQuestion(
        "kanalisasi",
        "Jadwal layanan yang harus cepat sampai dan mudah diteruskan warga sampai tingkat "
        "kelurahan paling tepat disalurkan melalui … (pilih semua yang benar)",
        (
            "Infografis singkat di Instagram dan Facebook",
            "Pesan siaran WhatsApp atau Telegram ke grup kelurahan dan RT/RW",
            "Siaran pers panjang di situs web saja",
            "Video dokumenter 30 menit di YouTube",
        ),
        "A,B",
        "Informasi praktis dan mendesak butuh format ringkas di kanal yang dibaca warga setiap "
        "hari dan mudah diteruskan; siaran pers atau video panjang tidak cocok untuk itu.",
        0.9,
        1.5,
        "C",
        2,
    ),
    DemoQuestion(
        "kanalisasi",
        "Untuk menjelaskan kebijakan yang rumit kepada anak muda, format yang umumnya paling "
        "efektif adalah …",
        (
            "Surat edaran dalam bentuk PDF",
            "Video pendek vertikal dengan bahasa sederhana dan contoh sehari-hari",
            "Rilis pers berbahasa formal",
            "Unggahan teks panjang tanpa gambar",
        ),
        "B",
        "Anak muda banyak mengonsumsi video pendek vertikal; kebijakan yang rumit lebih mudah "
        "dipahami dengan bahasa sederhana dan contoh yang dekat dengan mereka.",
        -0.3,
        0.8,
        "C",
        2,
    ),
    DemoQuestion(
        "khalayak",
        "Mengapa instansi perlu mengenal khalayak sasaran sebelum membuat konten?",
        (
            "Agar bahasa, format, kanal dan waktu unggahnya sesuai dengan kebutuhan dan "
            "kebiasaan mereka",
            "Agar dapat memblokir akun yang kritis",
            "Karena diwajibkan oleh platform media sosial",
            "Agar jumlah unggahan bertambah",
        ),
        "A",
        "Mengenal khalayak (usia, lokasi, kebutuhan, kebiasaan bermedia) menentukan bahasa, "
        "format, kanal dan waktu unggah yang tepat.",
        -0.8,
        0.6,
        "D",
        2,
    ),
    DemoQuestion(
        "khalayak",
        "Data mana yang berguna untuk mengenal khalayak akun resmi? (pilih semua yang benar)",
        (
            "Sebaran usia dan lokasi pengikut dari statistik platform (insights)",
            "Jam ketika pengikut paling aktif",
            "Jumlah pegawai di instansi",
            "Warna logo instansi",
        ),
        "A,B",
        "Statistik platform memberi usia, lokasi dan jam aktif pengikut; data internal seperti "
        "jumlah pegawai tidak menggambarkan khalayak.",
        0.8,
        1.3,
        "C",
        2,
    ),
    DemoQuestion(
        "khalayak",
        "Monitoring menunjukkan keluhan tentang program banyak datang dari petani berusia di "
        "atas 50 tahun yang jarang memakai media sosial. Strategi yang paling tepat adalah …",
        (
            "Menambah unggahan di TikTok",
            "Mengabaikannya karena mereka tidak aktif di media sosial",
            "Menjangkau mereka lewat perantara yang mereka percayai (penyuluh, kepala desa, "
            "radio lokal) dengan pesan sederhana, sambil tetap menjawab di media sosial",
            "Membuat utas panjang di X",
        ),
        "C",
        "Khalayak yang jarang memakai media sosial dijangkau lewat kanal dan perantara yang "
        "mereka percayai; media sosial tetap dipakai untuk keluarga mereka dan publik yang "
        "lebih luas.",
        0.4,
        1.4,
        "A",
        2,
    ),
)
