"""Sentence parts the demo week's posts are built from.

Clauses are written in mostly standard Indonesian with ``{slot}`` placeholders; the composer
in :mod:`pantau.demo.text` fills the slots, strings clauses together and then roughens the
result in the writer's own style (slang, typos, regional words, emoji...).
"""

from __future__ import annotations

OPENERS: dict[str, tuple[str, ...]] = {
    "neg": (
        "Ya Allah",
        "Astaghfirullah",
        "Hadeh",
        "Duh",
        "Parah sih",
        "Gila ya",
        "Jujur kecewa",
        "Sumpah ya",
        "Capek banget",
        "Lapor {inst_at}",
        "Tolong {inst_at}",
        "Halo {inst_at}",
        "Miris",
        "Ironis",
        "Kabar dari {kab}:",
        "Update dari kampung:",
        "Pagi-pagi sudah emosi",
        "Baru pulang dari {kios}",
        "Ini nyata terjadi",
        "Sedih lihatnya",
        "Yang begini dibilang baik-baik saja?",
        "Speechless",
        "Sabar... sabar...",
        "Lagi-lagi",
        "Kesel banget",
        "Maaf mau curhat",
        "Terus terang saja",
        "Nggak habis pikir",
    ),
    "pos": (
        "Alhamdulillah",
        "Mantap",
        "Akhirnya",
        "Salut",
        "Kabar baik nih",
        "Keren",
        "Bersyukur",
        "Good job {inst_at}",
        "Wah",
        "Semoga berkah",
        "Terima kasih {inst_at}",
        "Nah gitu dong",
        "Senang dengarnya",
        "Apresiasi buat {inst}",
    ),
    "neu": (
        "Info:",
        "Nanya dong",
        "Serius nanya",
        "Guys",
        "Btw",
        "Barusan",
        "Tadi pagi",
        "Kata {org}",
        "Cuma mau bilang",
        "Numpang tanya",
        "Min",
        "Permisi",
        "Update",
        "Pagi semua",
        "Teman-teman",
        "Sekadar berbagi",
        "Dari {kab} melapor",
        "Eh",
    ),
}

CLOSERS: dict[str, tuple[str, ...]] = {
    "neg": (
        "Tolong diperhatikan",
        "Jangan cuma janji",
        "Kapan beresnya?",
        "Petani butuh solusi, bukan alasan",
        "Mohon ditindaklanjuti",
        "Kasihan petani kecil",
        "Negara ke mana?",
        "Mikir dong",
        "Capek kami",
        "Sudah cukup",
        "Terus kami harus gimana?",
        "Malu sama petani",
        "Wakil rakyat pada ke mana?",
        "Viralkan",
        "Sampai kapan begini?",
        "Tolong {inst_at} turun ke lapangan",
        "Jangan diam saja {inst_at}",
        "Kecewa berat",
        "Rakyat kecil lagi yang kena",
        "Semoga didengar",
    ),
    "pos": (
        "Semoga lancar",
        "Lanjutkan",
        "Semangat terus",
        "Semoga amanah",
        "Ditunggu realisasinya",
        "Sukses terus",
        "Semoga bermanfaat buat petani",
        "Terima kasih",
        "Mantap pokoknya",
        "Semoga ke depan makin baik",
    ),
    "neu": (
        "Ada yang tahu?",
        "Mohon infonya",
        "Cmiiw",
        "Gimana menurut kalian?",
        "Sekadar info",
        "Semoga membantu",
        "Ditunggu jawabannya min",
        "Share ya",
        "Salam dari {kab}",
        "Ada yang sama?",
        "Koreksi kalau salah",
    ),
}

# Everyday chatter, grouped in sub-topics.
CLAUSES: dict[str, dict[str, tuple[str, ...]]] = {
    "price": {
        "neg": (
            "harga {kom} di {pasar} {naik}",
            "{kom} sekarang {harga}, belanja seratus ribu cuma dapat sedikit",
            "gaji segitu-gitu saja, harga {kom} naik terus",
            "ke pasar bawa uang {uang} pulang cuma bawa {kom} sama sayur",
            "harga {kom} tidak masuk akal, {harga}",
            "pedagang di {pasar} bilang {kom} lagi susah barangnya",
            "emak-emak pada ngeluh harga {kom} naik lagi",
            "tiap minggu harga {kom} beda, pusing ngatur uang belanja",
            "warung langganan sudah naikin harga {kom}",
            "beli {kom} sekarang harus mikir dua kali",
            "{kom} {harga}?? kemarin masih {harga2}",
            "jelang Nataru harga {kom} mulai naik lagi",
            "stok katanya aman tapi harga {kom} kok naik",
            "jualan gorengan makin susah karena {kom} mahal",
            "harga {kom} di {kab} tembus {harga}",
        ),
        "neu": (
            "harga {kom} di {pasar} hari ini {harga}",
            "info harga {kom} di {kab}: {harga}",
            "pantauan {kapan}, {kom} di {pasar} masih {harga}",
            "ada yang tahu harga {kom} di {kota} berapa sekarang?",
            "{kom} di warung dekat rumah {harga}, di {pasar} {harga2}",
            "katanya harga {kom} mau turun minggu depan",
            "di {kab} {kom} masih stabil di kisaran {harga}",
            "catatan belanja {kapan}: {kom} {harga}",
            "{kom} per {satuan} sekarang berapa sih di tempat kalian?",
            "harga {kom} naik turun terus minggu ini",
        ),
        "pos": (
            "alhamdulillah harga {kom} di {pasar} sudah turun jadi {harga}",
            "{kom} lagi murah, {harga} saja",
            "akhirnya harga {kom} normal lagi",
            "pasar murah di {kab} lumayan banget, {kom} cuma {harga}",
            "borong {kom} mumpung murah",
            "harga {kom} di {pasar} turun, emak-emak senang",
            "dapat {kom} {harga} di pasar murah, hemat lumayan",
        ),
    },
    "cooking": {
        "neg": (
            "mau masak {makanan} tapi {kom} lagi mahal",
            "warteg dekat kantor naikin harga {makanan}, katanya {kom} mahal",
            "gagal masak {makanan}, keasinan",
            "masak {makanan} modal {uang} sekarang sudah tidak cukup",
        ),
        "neu": (
            "masak {makanan} hari ini, {kom} lagi mahal jadi seadanya",
            "resep {makanan} ala anak kos, modal {uang}",
            "ibu-ibu, {makanan} enaknya pakai {kom} yang mana?",
            "menu makan siang: {makanan} sama nasi hangat",
            "belajar bikin {makanan} dari video, hasilnya lumayan",
            "catering kantor hari ini {makanan} lagi",
            "besok masak apa ya, {makanan} atau {makanan2}",
            "bikin {makanan} buat bekal anak",
            "lagi pengen {makanan} buatan ibu",
        ),
        "pos": (
            "nasi sama {makanan} sudah paling nikmat",
            "anak minta {makanan} terus, untung {kom} lagi murah",
            "{makanan} buatan {org} juara",
            "akhirnya berhasil bikin {makanan} yang enak",
            "makan {makanan} pas hujan, nikmat mana lagi yang kau dustakan",
        ),
    },
    "farm": {
        "neg": (
            "{cuaca} di {kab}, petani {tanaman} waswas gagal panen",
            "harga gabah di {kab} jatuh pas panen, petani rugi",
            "sawah {org} kena banjir, padi baru umur sebulan",
            "tengkulak beli {tanaman} murah banget, petani tidak punya pilihan",
            "irigasi di {desa} kering, petani sedot air pakai pompa",
            "hama wereng mulai menyerang padi di {kab}",
            "harga {kom} naik tapi petaninya tetap miskin, yang untung tengkulak",
            "biaya tanam makin mahal, hasil panen segitu-gitu saja",
            "tikus sawah makin banyak di {desa}",
            "anak muda jarang yang mau jadi petani, yang tua makin capek",
        ),
        "neu": (
            "lagi musim tanam, sawah-sawah di {kab} mulai dibajak",
            "panen {tanaman} di {desa} tahun ini lumayan",
            "pupuk organik bikinan kelompok tani di {desa} mulai dilirik",
            "jadi petani itu tidak semudah yang dibayangkan",
            "{org} lagi semai benih padi, katanya minggu depan tanam",
            "harga gabah kering panen di {kab} sekitar {gkp} per kilo",
            "rapat kelompok tani di balai {desa} bahas jadwal tanam",
            "penyuluh pertanian datang ke {desa} kasih pelatihan",
            "tanam {tanaman} di pekarangan, lumayan buat dapur",
        ),
        "pos": (
            "bantu {org} panen {tanaman} dari pagi, capek tapi senang",
            "panen raya di {kab}, alhamdulillah hasilnya bagus",
            "petani milenial di {desa} sukses tanam {tanaman} pakai irigasi tetes",
            "bangga jadi anak petani",
            "lihat sawah hijau di {kab} bikin adem",
            "hasil panen {tanaman} tahun ini lebih bagus dari tahun lalu",
        ),
    },
    "market": {
        "neg": (
            "bazar sembako di kelurahan, antre dari pagi tapi kehabisan",
            "pasar murah di {kab} cuma sebentar, belum sempat beli sudah habis",
            "beras operasi pasar di {pasar} cepat habis, yang datang siang tidak kebagian",
        ),
        "neu": (
            "pasar murah di {kab} ramai banget",
            "ada pameran produk pertanian di {kota} minggu ini",
            "besok ada operasi pasar {inst} di {pasar}",
            "pasar tani di {kota} buka tiap Minggu pagi",
            "info pasar murah {kab}, bawa KTP ya",
        ),
        "pos": (
            "operasi pasar {inst} di {pasar} lumayan bantu",
            "festival panen di {desa} seru, ada lomba tumpeng",
            "beli beras di pasar murah, hemat {uang}",
            "gerai pangan murah dekat rumah bikin emak-emak senang",
        ),
    },
    "policy": {
        "neg": (
            "{inst} harus lebih serius urus harga pangan",
            "swasembada pangan itu cita-cita lama, realisasinya kapan",
            "impor beras lagi? petani lokal mau dikemanakan",
            "program {inst} bagus di atas kertas, di lapangan beda",
            "stok beras katanya aman, tapi kok harga naik",
            "anggaran pangan besar tapi harga tetap mahal",
            "pejabat {inst} coba sekali-sekali belanja sendiri ke pasar",
        ),
        "neu": (
            "semoga {inst} bisa jaga harga menjelang Natal dan tahun baru",
            "jelang Nataru harga {kom} biasanya naik, {inst} sudah siap belum?",
            "ketahanan pangan itu bukan cuma soal beras",
            "baca rilis {inst} soal stok pangan akhir tahun",
            "{inst} bilang stok pangan aman sampai akhir tahun",
            "data produksi padi tahun ini katanya naik",
        ),
        "pos": (
            "langkah {inst} jaga stok pangan patut diapresiasi",
            "program {program} dari {inst} bagus, semoga berlanjut",
            "senang lihat {inst} turun langsung ke pasar",
            "akun {inst_at} sekarang lebih responsif",
        ),
    },
    "loose": {
        "neg": (
            "tadi lewat kantor {inst}, macetnya parah",
            "hujan deras, mau ke pasar malas",
            "baru gajian sudah habis buat belanja bulanan",
            "kerjaan numpuk, makan siang cuma {makanan}",
        ),
        "neu": (
            "teman saya baru keterima kerja di {inst}",
            "nonton live {inst} di tiktok, host-nya lucu",
            "{old} ganti nama jadi {new} ya? baru tahu",
            "dulu namanya {old} sekarang {new}, bingung",
            "lagi kerjain tugas kuliah soal ketahanan pangan, ada yang punya data dari {inst}?",
            "ada lowongan magang di {inst} tidak ya",
            "weekend enaknya masak apa ya",
            "timnas main malam ini, sambil makan {makanan}",
            "kopi pagi sambil baca berita soal {inst}",
            "seragam pegawai {inst} warnanya bagus juga",
            "lagi antre di bank sebelah kantor {old}",
            "kantor {old} yang lama sekarang jadi apa ya",
            "{user_at} kamu yang kerja di {inst} kan?",
        ),
        "pos": (
            "admin {inst_at} asik juga, balas komentar pakai pantun",
            "video edukasi {inst} soal makanan bergizi bagus, anak saya suka",
            "akhirnya weekend, mau masak {makanan}",
            "ngopi dulu biar waras",
        ),
    },
    "announce": {
        "pos": (
            "akhirnya ada {prog}, semoga tebus pupuk jadi gampang",
            "langkah bagus dari {inst}, {prog} bikin subsidi lebih tepat sasaran",
            "digitalisasi memang perlu biar pupuk subsidi tidak diselewengkan",
            "gercep juga {inst}, {prog} langsung diluncurkan",
            "semoga dengan {prog} tidak ada lagi pupuk subsidi dijual di atas HET",
            "setuju banget sama {prog}, biar datanya rapi",
            "petani muda pasti cepat adaptasi sama {prog}",
            "{prog} ide bagus, asal sosialisasinya sampai ke desa",
            "pupuk subsidi lewat kartu digital, akhirnya",
            "mantap {inst}, petani tidak perlu lagi bawa banyak berkas",
        ),
        "neu": (
            "cara daftar {prog} bagaimana ya?",
            "syarat {prog} apa saja min?",
            "petani penggarap bisa dapat {prog} tidak?",
            "kartu tani yang lama masih berlaku tidak?",
            "{prog} berlaku mulai {tgl} ya?",
            "daftar {prog} di mana, di balai desa atau di kios?",
            "{prog} itu apa bedanya sama kartu tani yang lama?",
            "kuota pupuk di {prog} dihitung dari luas lahan ya?",
            "kalau tidak punya HP bisa daftar {prog} tidak?",
            "{org} tanya soal {prog}, saya juga belum paham",
            "baru baca soal {prog} dari {inst}",
            "sosialisasi {prog} di {kab} kapan ya?",
        ),
        "neg": (
            "petani tua banyak yang tidak punya HP, {prog} buat siapa?",
            "ribet, ujung-ujungnya pungli lagi",
            "sinyal di desa saja susah, mau pakai {prog}",
            "proyek lagi proyek lagi",
            "kartu lama saja belum beres sudah bikin yang baru",
            "pasti nanti error pas musim tanam",
            "{prog} diluncurkan pas musim tanam, timing-nya aneh",
            "yang dibutuhkan petani itu pupuknya ada, bukan kartunya",
            "ganti kartu terus, pupuknya tetap susah",
            "sosialisasi belum ada, {prog} sudah mau berlaku {tgl}",
        ),
    },
    "precursor": {
        "neg": (
            "di {kios} {desa} katanya pupuk urea belum datang",
            "{org} bilang stok {pupuk} di {kab} mulai tipis",
            "kios dekat rumah belum bisa layani pakai {prog}, mesinnya belum ada",
            "sudah mau tanam tapi {pupuk} belum bisa ditebus",
            "petugas kios bilang tunggu data {prog} masuk dulu",
        ),
    },
    "issue": {
        "neg": (
            "pupuk subsidi di {kios} {kab} kosong sudah {hari}",
            "antre {jam} cuma buat tebus {pupuk}, ujung-ujungnya disuruh pulang",
            "{prog} tidak bisa dipakai, katanya sistemnya error",
            "petani di {kab} terpaksa beli {pupuk} nonsubsidi {harga_pupuk} per sak",
            "kartunya sudah jadi tapi kuota pupuknya masih nol",
            "mesin EDC di {kios} rusak terus, petani disuruh balik besok",
            "{org} sudah tiga kali bolak-balik ke {kios}, hasilnya nihil",
            "masa tanam sudah mulai tapi pupuk belum ada",
            "orang tua di desa mana paham aplikasi, harusnya ada pendampingan",
            "sinyal di {kab} saja susah, gimana mau pakai kartu digital",
            "yang punya kenalan orang dalam dapat duluan",
            "harga gabah turun, pupuk mahal, lengkap sudah penderitaan petani",
            "antrean di {kios} {desa} mengular sampai jalan raya",
            "katanya stok aman, faktanya di lapangan kosong",
            "data di {prog} tidak cocok, nama {org} tidak terdaftar",
            "disuruh daftar ulang ke balai desa, padahal sudah daftar",
            "petani di {desa} sampai tidur di depan {kios}",
            "pupuk ada di gudang tapi tidak bisa ditebus karena sistem {prog} eror",
            "kami antre dari subuh, petugasnya baru datang jam 10",
            "{prog} ini bikin susah, sistem lama lebih gampang",
            "padi sudah umur 20 hari belum dipupuk sama sekali",
            "ini bukan soal kartu, ini soal perut petani",
            "{inst} jangan cuma pencitraan, pupuk di {kab} kosong",
            "kuota pupuk kami dipotong tanpa penjelasan",
            "jalan jauh ke {kios}, sampai sana dibilang sistem offline",
            "kalau begini terus gagal panen tahun depan",
            "petani kecil selalu jadi korban kebijakan yang tidak siap",
            "aplikasinya minta OTP terus, HP {org} jadul",
        ),
        "neu": (
            "di {kios} {desa} pupuk baru datang, langsung diserbu petani",
            "petugas bilang sistem {prog} lagi gangguan, penebusan ditunda",
            "kepala desa minta petani sabar sampai stok datang",
            "ada yang tahu {kios} di {kab} yang masih ada stok urea?",
            "penebusan pakai KTP masih bisa tidak?",
            "katanya besok ada petugas dari dinas datang ke {kios} {desa}",
            "kondisi {kios} di {kab} {kapan}: antre panjang",
            "ada info posko pengaduan pupuk di {kab}?",
            "di {kab} katanya sudah bisa tebus pakai KTP lagi",
            "{inst_at} ini datanya pakai data yang mana ya?",
        ),
        "pos": (
            "petugas kios di {desa} sabar banget melayani petani",
            "semoga cepat diperbaiki, namanya juga sistem baru",
            "di {kab} sudah lancar, {kapan} cuma antre sebentar",
            "tetap dukung {prog}, tinggal dibenahi saja",
            "terima kasih petugas dinas yang sudah turun ke {desa}",
        ),
    },
    "hoax": {
        "spread": (
            "hati-hati, data NIK petani yang daftar {prog} katanya dijual ke perusahaan asing",
            "info dari grup WA: data petani di {prog} sudah dijual ke perusahaan asing,"
            " jangan mau daftar",
            "pantesan disuruh daftar online, ternyata data kita mau dijual ke asing",
            "sebarkan! data petani dijual ke pihak asing lewat {prog}",
            "jangan kasih data ke {prog}, katanya datanya dijual ke perusahaan luar negeri",
            "data petani dijual ke perusahaan asing, makanya sistemnya dibikin ribet",
            "{org} dapat pesan berantai: data {prog} dijual ke perusahaan asing",
            "sudah curiga dari awal, data petani ujung-ujungnya dijual ke asing",
            "ternyata {prog} cuma kedok, data petani dijual ke perusahaan asing",
        ),
        "question": (
            "benar tidak sih data petani di {prog} dijual ke perusahaan asing?",
            "ini beneran? katanya data {prog} dijual ke perusahaan asing",
            "{inst_at} tolong jelaskan, katanya data petani dijual ke asing?",
            "ramai di grup katanya data petani dijual ke perusahaan asing, hoaks bukan?",
            "ada yang bisa konfirmasi soal data petani dijual ke pihak asing?",
        ),
    },
    "hoax_reply": {
        "neg": (
            "serius? ngeri banget",
            "pantesan sistemnya dipaksain",
            "sudah saya duga dari awal",
            "jangan asal sebar dulu, cek faktanya",
            "itu hoaks, jangan ikut nyebarin",
            "sumbernya dari mana?",
            "ada buktinya tidak?",
            "astaga, terus gimana data kita",
        ),
        "spread": (
            "iya benar, di grup WA juga ramai, data kita dijual ke perusahaan asing",
            "betul, data petani dijual ke asing, makanya jangan mau daftar",
        ),
    },
    "clarify_reply": {
        "pos": (
            "syukurlah kalau hoaks",
            "nah kan, sudah dibilang hoaks masih saja disebar",
            "terima kasih klarifikasinya min",
            "makanya cek dulu sebelum sebar",
            "lega dengarnya",
        ),
        "neg": (
            "klarifikasi doang, pupuknya mana?",
            "data aman, tapi pupuknya kosong min",
            "yang penting pupuk di {kab} ada dulu",
            "klarifikasi cepat, giliran pupuk langka lambat",
            "buktikan dong, jangan cuma bilang hoaks",
        ),
        "neu": (
            "jadi datanya disimpan di mana min?",
            "terus yang kirim pesan berantai itu siapa?",
            "siapa yang bisa akses data petani min?",
        ),
    },
    "official_reply": {
        "pos": (
            "mantap min",
            "keren programnya",
            "semoga sampai ke {kab} juga",
            "terima kasih infonya min",
            "lanjutkan {inst}",
            "bermanfaat banget",
        ),
        "neu": (
            "di {kab} kapan min?",
            "min harga {kom} kok masih mahal di {pasar}",
            "syaratnya apa saja min?",
            "info lengkapnya di mana min?",
            "kalau mau ikut daftar ke mana ya?",
            "ditunggu di {kab} min",
        ),
        "neg": (
            "min harga {kom} di {pasar} masih {harga}, operasi pasarnya di mana?",
            "programnya banyak, harga tetap mahal",
            "pencitraan terus min",
            "di daerah saya tidak ada programnya",
        ),
    },
    "reply": {
        "pos": (
            "setuju",
            "bener banget",
            "mantap",
            "semangat",
            "setuju sama kamu",
            "sepakat",
            "betul itu",
            "nah ini",
            "makasih infonya",
        ),
        "neu": (
            "terus gimana",
            "di {kab} juga gitu",
            "baru tahu",
            "serius?",
            "harusnya gitu ya",
            "lah kok bisa",
            "relate banget",
            "sama di tempatku juga",
            "iya ya",
            "oh gitu",
            "sumbernya dari mana?",
            "{user_at} nih lihat",
        ),
        "neg": (
            "ikut kesal bacanya",
            "parah sih",
            "memang begitu dari dulu",
            "capek lihatnya",
            "kasihan banget",
            "tidak ada yang berubah",
            "sudah biasa begini",
        ),
    },
}

ISSUE_HASHTAG_EXTRAS: tuple[str, ...] = ("SavePetani", "PetaniMenjerit", "PupukSubsidi")
ANNOUNCE_HASHTAG_EXTRAS: tuple[str, ...] = ("PupukSubsidi", "PetaniIndonesia", "Kemenpantara")
HOAX_HASHTAG_EXTRAS: tuple[str, ...] = ("DataPetani", "Waspada", "InfoPenting")

HOAX_CHAIN_MESSAGE = (
    "INFO PENTING!!! JANGAN DAFTAR {PROG}. DATA NIK DAN LAHAN PETANI AKAN DIJUAL KE PERUSAHAAN"
    " ASING. {ORG} YANG KERJA DI DINAS SUDAH KONFIRMASI. SEBARKAN KE GRUP SEBELAH SEBELUM"
    " DIHAPUS!!!"
)

# Organic shares of the popular link (the how-to article), in many words.
POPULAR_SHARE: tuple[str, ...] = (
    "nih caranya {url}",
    "buat yang nanya-nanya cara daftar, baca ini {url}",
    "info penting buat petani {url}",
    "akhirnya nemu penjelasan yang jelas {url}",
    "{org} minta dicariin cara daftar kartu tani digital, ini dia {url}",
    "simpan dulu, siapa tahu butuh {url}",
    "cara daftar kartu tani digital, ternyata gampang {url}",
    "share buat keluarga di kampung {url}",
    "baca sampai habis ya {url}",
    "panduan daftar KTD, lengkap {url}",
    "{url} bermanfaat buat yang masih bingung",
    "yang di {kab} coba baca ini {url}",
    "cek kuota pupuk subsidi bisa dari HP ternyata {url}",
    "buat bapak-bapak di grup tani {url}",
    "{url}\n\nsemoga membantu",
    "kirim ke {org}, biar tidak bingung lagi {url}",
)

# Commentary put in front of a shared news link.
NEWS_SHARE_COMMENTS: dict[str, tuple[str, ...]] = {
    "neg": (
        "nah kan",
        "sudah kuduga",
        "baca ini, miris",
        "ini yang terjadi di lapangan",
        "beritanya sudah naik, pejabatnya ke mana?",
        "makin parah",
        "tolong dibaca {inst_at}",
        "ini fakta",
        "viral juga akhirnya",
    ),
    "neu": (
        "baca",
        "info",
        "cek",
        "ini beritanya",
        "lengkapnya di sini",
        "fyi",
        "update",
        "via {outlet}",
        "dari {outlet}",
        "ada yang sudah baca?",
    ),
    "pos": (
        "kabar baik",
        "semoga benar",
        "mantap",
        "nah gitu",
        "akhirnya ada kabar bagus",
    ),
}

# Long personal stories (Facebook-style) are strung together from these paragraphs.
LONG_STORY_PARAGRAPHS: tuple[str, ...] = (
    "Saya anak petani dari {kab}. Dari kecil saya lihat sendiri bagaimana {org} kerja di sawah"
    " dari subuh sampai magrib, dan hasilnya sering tidak sebanding dengan keringatnya.",
    "Minggu ini {org} sudah bolak-balik ke {kios} untuk menebus {pupuk}. Hari pertama katanya"
    " sistem {prog} belum aktif. Hari kedua stoknya kosong. Hari ketiga antre {jam}, giliran"
    " sampai di depan petugas ternyata nama beliau tidak ada di data.",
    "Padi di sawah kami sudah umur tiga minggu. Kalau telat dipupuk, hasil panen bisa turun"
    " jauh. Mau beli {pupuk} nonsubsidi harganya {harga_pupuk} per sak, dari mana uangnya?",
    "Saya tidak menolak {prog}. Digitalisasi itu bagus, saya paham. Tapi tolong lihat"
    " kenyataan di desa: banyak petani sudah sepuh, tidak punya HP, sinyal juga timbul"
    " tenggelam. Harusnya ada masa transisi dan pendampingan.",
    "Kemarin di grup WA kampung ramai sekali. Ada yang marah, ada yang pasrah, ada juga yang"
    " bilang ini memang disengaja. Saya minta semua tetap tenang dan cari informasi yang"
    " benar.",
    "Kepada {inst} dan dinas pertanian di {kab}, mohon turun langsung ke lapangan. Jangan"
    " hanya menerima laporan bahwa semuanya aman. Datang ke {kios} pagi-pagi dan lihat"
    " sendiri antreannya.",
    "Kami ini bukan minta dikasih gratis. Kami hanya minta hak kami sebagai petani yang sudah"
    " terdaftar bertahun-tahun. Pupuk ada, petani ada, tinggal sistemnya yang harus"
    " dibereskan.",
    "Semoga tulisan ini sampai ke yang berwenang. Mohon maaf kalau ada kata yang kurang"
    " berkenan. Ini curahan hati anak petani yang sedih lihat orang tuanya pulang dengan"
    " tangan kosong.",
    "Dulu waktu masih {old}, urusan pupuk memang tidak sempurna, tapi setidaknya kami tahu"
    " harus ke mana. Sekarang setelah jadi {new}, semua serba aplikasi dan kami bingung"
    " mengadu ke siapa.",
    "Harga gabah di tempat kami sekarang sekitar {gkp} per kilo. Biaya tanam, sewa traktor,"
    " buruh tanam, semuanya naik. Kalau pupuk juga susah, petani mau makan apa?",
)

# --- the institution's own voice (formal) -------------------------------------------------

OFFICIAL_ROUTINE: tuple[str, ...] = (
    "Sahabat Pangan, {program} hari ini digelar di {pasar}, {kab}. Beras medium dijual"
    " {harga_beras}/kg, di bawah harga pasar. Silakan datang dengan membawa KTP.",
    "Kemenpantara memastikan stok beras nasional dalam kondisi aman menjelang Natal dan Tahun"
    " Baru. Masyarakat diimbau tidak melakukan pembelian berlebihan.",
    "Melalui {program}, Kemenpantara menyalurkan bantuan benih kepada kelompok tani di {kab},"
    " {prov}. Semoga panen mendatang semakin melimpah.",
    "Sahabat Pangan, yuk manfaatkan pekarangan rumah untuk menanam cabai dan sayuran. Hemat"
    " belanja dapur, lingkungan pun makin hijau.",
    "Petani muda adalah masa depan pangan Indonesia. Ikuti {program} di {kab} dan dapatkan"
    " pendampingan dari penyuluh kami.",
    "Pantauan harga pangan hari ini: harga {kom} di tingkat konsumen relatif stabil. Informasi"
    " lengkap dapat diakses melalui laman resmi Kemenpantara.",
    "Kemenpantara bersama pemerintah daerah {prov} menggelar {program} di {n} titik. Cek"
    " jadwal dan lokasinya di tautan pada bio.",
    "Isi Piringku: makan beragam, bergizi seimbang, dan aman. Yuk kenalkan pangan lokal kepada"
    " anak-anak sejak dini melalui {program}.",
    "Tim Kemenpantara meninjau gudang cadangan pangan di {kab} untuk memastikan kualitas dan"
    " ketersediaan stok tetap terjaga.",
    "Selamat pagi, Sahabat Pangan. Harga {kom} di {n} provinsi terpantau turun dibandingkan"
    " pekan lalu. Terima kasih atas kerja sama seluruh pihak.",
    "Klinik Tani Keliling hadir di {kab} pekan ini. Petani dapat berkonsultasi langsung"
    " mengenai hama, benih, dan pemupukan berimbang.",
    "Kemenpantara mengapresiasi kelompok tani di {desa}, {kab} yang berhasil meningkatkan"
    " produktivitas padi melalui {program}.",
)

OFFICIAL_ANNOUNCEMENT: tuple[str, ...] = (
    "Mulai {tgl}, penebusan pupuk bersubsidi dilakukan menggunakan Kartu Tani Digital."
    " Pendaftaran dapat dilakukan melalui penyuluh pertanian di desa masing-masing."
    " #KartuTaniDigital",
    "Kemenpantara resmi meluncurkan Kartu Tani Digital untuk memastikan pupuk bersubsidi tepat"
    " sasaran, tepat jumlah, dan tepat waktu. #KartuTaniDigital #PetaniBerdaulat",
    "Bagaimana cara mendapatkan Kartu Tani Digital? 1) Terdaftar dalam kelompok tani;"
    " 2) Memiliki NIK; 3) Mendaftar melalui penyuluh. Informasi lengkap di laman resmi"
    " Kemenpantara. #KartuTaniDigital",
    "Dengan Kartu Tani Digital, petani dapat memantau kuota pupuk bersubsidi langsung dari"
    " ponsel dan menebusnya di kios resmi terdekat. #KartuTaniDigital",
)

OFFICIAL_ISSUE_RESPONSE: tuple[str, ...] = (
    "Kemenpantara menerima laporan kendala penebusan pupuk bersubsidi di sejumlah daerah."
    " Tim teknis telah diterjunkan ke {issue_regions} untuk penanganan segera.",
    "Stok pupuk bersubsidi secara nasional dalam kondisi cukup. Kendala di lapangan disebabkan"
    " gangguan sistem pada masa transisi Kartu Tani Digital dan sedang dalam perbaikan.",
    "Selama masa transisi, petani yang terdaftar tetap dapat menebus pupuk bersubsidi di kios"
    " resmi dengan menunjukkan KTP. Kemenpantara mohon maaf atas ketidaknyamanan ini.",
    "Posko pengaduan pupuk bersubsidi dibuka di setiap kabupaten. Laporan juga dapat disampaikan"
    " melalui kanal resmi Kemenpantara.",
)

OFFICIAL_CLARIFICATION: tuple[str, ...] = (
    "[KLARIFIKASI] Beredar pesan berantai yang menyebut data petani pada Kartu Tani Digital"
    " dijual ke perusahaan asing. Informasi tersebut adalah HOAKS. Data petani disimpan di"
    " pusat data nasional dan dilindungi sesuai UU Pelindungan Data Pribadi. #LawanHoaks",
    "HOAKS! Tidak benar data petani dijual ke perusahaan asing. Kemenpantara tidak pernah"
    " membagikan data petani kepada pihak mana pun di luar keperluan penyaluran pupuk"
    " bersubsidi. #LawanHoaks #KartuTaniDigital",
    "Sahabat Pangan, mohon tidak menyebarkan informasi yang belum jelas kebenarannya. Isu"
    " penjualan data petani ke perusahaan asing adalah hoaks. Selalu cek informasi melalui"
    " kanal resmi Kemenpantara. #LawanHoaks",
)

OFFICIAL_CARE_REPLIES: tuple[str, ...] = (
    "Halo Kak, mohon maaf atas ketidaknyamanannya. Silakan sampaikan nama kios dan lokasi"
    " melalui DM agar segera kami tindak lanjuti.",
    "Terima kasih atas laporannya, Kak. Informasi ini sudah kami teruskan kepada tim di lapangan.",
    "Halo Sahabat Pangan, selama masa transisi penebusan pupuk dapat dilakukan dengan"
    " menunjukkan KTP di kios resmi. Mohon maaf atas kendalanya.",
    "Mohon maaf Kak, kami sedang melakukan perbaikan sistem. Silakan hubungi posko pengaduan"
    " di dinas pertanian setempat.",
    "Halo Kak, data petani dapat dicek melalui penyuluh pertanian di desa. Terima kasih atas"
    " kesabarannya.",
)

# Opening sentences of an official YouTube/TikTok video description.
OFFICIAL_VIDEO_TITLES: tuple[str, ...] = (
    "Mengenal {program} | Kemenpantara",
    "Liputan: {program} di {kab}",
    "Tips Menanam Cabai di Pekarangan Rumah",
    "Pantauan Harga Pangan Pekan Ini",
    "Cara Menyimpan Beras agar Tidak Berkutu",
    "Cerita Petani Muda dari {kab}",
)

# --- news ---------------------------------------------------------------------------------

NEWS_TITLES: dict[str, tuple[str, ...]] = {
    "announce": (
        "Kemenpantara Luncurkan Kartu Tani Digital, Tebus Pupuk Subsidi Kini Lewat Kartu",
        "Mulai {tgl}, Pupuk Subsidi Hanya Bisa Ditebus dengan Kartu Tani Digital",
        "Kartu Tani Digital Resmi Diluncurkan, Ini Syarat dan Cara Mendapatkannya",
        "Kemenpantara: Kartu Tani Digital Bikin Pupuk Subsidi Tepat Sasaran",
        "Apa Itu Kartu Tani Digital? Ini Penjelasan Lengkap Kemenpantara",
        "Kartu Tani Digital Diluncurkan, Petani {Kab} Masih Bingung Cara Daftar",
        "Pengamat Nilai Kartu Tani Digital Perlu Masa Transisi",
        "DPR Apresiasi Peluncuran Kartu Tani Digital, Minta Sosialisasi Masif",
        "Kartu Tani Digital Berlaku {tgl}, Kios Pupuk Diminta Siapkan Mesin EDC",
        "Petani di {Kab} Sambut Kartu Tani Digital dengan Harapan dan Kekhawatiran",
    ),
    "issue": (
        "Pupuk Subsidi Langka di {Kab}, Petani Antre Berjam-jam",
        "Antrean Pupuk Mengular di {Kab}, Kartu Tani Digital Dikeluhkan Petani",
        "Sistem Kartu Tani Digital Error, Penebusan Pupuk di {n} Kecamatan Terhambat",
        "DPR Minta Kemenpantara Evaluasi Kartu Tani Digital",
        "Kemenpantara Akui Ada Kendala Teknis Kartu Tani Digital",
        "Tagar #PupukLangka Ramai di Media Sosial, Petani Curhat Antre Berjam-jam",
        "Petani {Kab} Terpaksa Beli Pupuk Nonsubsidi karena Kartu Tani Digital Bermasalah",
        "Kios Pupuk di {Kab} Kosong, Petani Khawatir Masa Tanam Terlambat",
        "Ombudsman Terima Aduan Soal Kartu Tani Digital dari {n} Daerah",
        "Bupati {Kab} Minta Penebusan Pupuk Pakai KTP Selama Transisi",
        "Pupuk Langka Saat Musim Tanam, Petani {Prov} Menjerit",
        "Kemenpantara Terjunkan Tim ke {Kab} Usai Keluhan Pupuk Viral",
        "Pengamat: Masalah Kartu Tani Digital Akibat Data Petani Tidak Mutakhir",
        "Ratusan Petani {Kab} Datangi Kantor Dinas Pertanian Tanyakan Pupuk",
        "Kemenpantara Izinkan Tebus Pupuk Pakai KTP Selama Masa Transisi",
    ),
    "factcheck": (
        "[HOAKS] Data Petani Kartu Tani Digital Dijual ke Perusahaan Asing",
        "Cek Fakta: Benarkah Data Petani Dijual ke Perusahaan Asing? Ini Faktanya",
        "Pesan Berantai Soal Data Petani Dijual ke Asing Dipastikan Hoaks",
    ),
    "clarify": (
        "Kemenpantara Bantah Isu Data Petani Dijual ke Perusahaan Asing",
        "Kemenpantara Pastikan Data Kartu Tani Digital Aman",
        "Soal Isu Jual Data Petani, Kemenpantara: Itu Hoaks",
        "Kemenpantara Minta Masyarakat Tak Sebarkan Hoaks Kartu Tani Digital",
        "Isu Data Petani Dijual ke Asing, Kemenpantara Siap Tempuh Jalur Hukum",
    ),
}

NEWS_LEADS: dict[str, tuple[str, ...]] = {
    "announce": (
        "Kementerian Pangan Nusantara (Kemenpantara) resmi meluncurkan Kartu Tani Digital."
        " Mulai {tgl}, penebusan pupuk bersubsidi hanya dapat dilakukan menggunakan kartu"
        " tersebut.",
        "Kemenpantara memperkenalkan Kartu Tani Digital sebagai pengganti mekanisme penebusan"
        " pupuk bersubsidi yang lama. Petani dapat memantau kuota pupuk melalui ponsel.",
        "Peluncuran Kartu Tani Digital oleh Kemenpantara disambut beragam oleh petani. Sebagian"
        " menilai langkah ini memudahkan, sebagian lain khawatir soal kesiapan di lapangan.",
    ),
    "issue": (
        "Ratusan petani di {kab} mengantre sejak subuh di depan kios pupuk resmi. Mereka"
        " mengeluhkan Kartu Tani Digital yang tidak dapat digunakan karena gangguan sistem.",
        "Kelangkaan pupuk bersubsidi dilaporkan terjadi di sejumlah daerah, antara lain {kab}."
        " Petani menyebut kios tidak dapat melayani penebusan melalui Kartu Tani Digital.",
        "Keluhan petani soal Kartu Tani Digital ramai di media sosial dengan tagar"
        " #PupukLangka. Kemenpantara menyatakan tengah menangani kendala tersebut.",
        "Masa transisi ke Kartu Tani Digital memicu antrean panjang di kios pupuk {kab}."
        " Sebagian petani terpaksa membeli pupuk nonsubsidi dengan harga {harga_pupuk} per"
        " sak.",
    ),
    "factcheck": (
        "Beredar pesan berantai yang menyebut data petani pendaftar Kartu Tani Digital dijual"
        " ke perusahaan asing. Berdasarkan penelusuran, klaim tersebut tidak benar.",
        "Sebuah pesan yang menyebar di grup percakapan mengklaim data petani dijual ke"
        " perusahaan asing. Kemenpantara telah membantah informasi tersebut.",
    ),
    "clarify": (
        "Kementerian Pangan Nusantara (Kemenpantara) membantah kabar bahwa data petani pada"
        " Kartu Tani Digital dijual ke perusahaan asing. Kemenpantara menyebut informasi itu"
        " hoaks.",
        "Kemenpantara menegaskan data petani disimpan di pusat data nasional dan dilindungi"
        " sesuai Undang-Undang Pelindungan Data Pribadi.",
    ),
}

# Everyday agriculture and food news: each story is a headline with leads that fit it, and
# whether it happens in the countryside (a regency) rather than in a city.
NEWS_STORIES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    (
        "Harga {Kom} di {Pasar} Naik Jadi {harga}/Kg, Pedagang Keluhkan Sepi Pembeli",
        (
            "Harga {kom} di {pasar}, {kab}, naik dalam sepekan terakhir. Pedagang menyebut"
            " pembeli berkurang karena harga dinilai terlalu tinggi.",
            "Pedagang di {pasar} mengeluhkan turunnya daya beli masyarakat setelah harga {kom}"
            " naik menjadi {harga} per kilogram.",
        ),
        False,
    ),
    (
        "Jelang Akhir Tahun, Harga {Kom} di {Kab} Mulai Merangkak Naik",
        (
            "Harga {kom} di sejumlah pasar tradisional di {kab} mulai naik menjelang akhir tahun."
            " Pedagang menyebut pasokan dari sentra produksi {pasokan}.",
        ),
        False,
    ),
    (
        "Harga {Kom} Hari Ini Turun di {n} Provinsi, Naik di {Prov}",
        (
            "Panel harga pangan mencatat harga {kom} turun di {n} provinsi dibandingkan pekan"
            " lalu. Kenaikan masih terjadi di {prov} dengan harga rata-rata {harga} per"
            " {satuan}.",
        ),
        False,
    ),
    (
        "Harga {Kom} Melonjak, Pedagang Warteg di {Kab} Putar Otak",
        (
            "Kenaikan harga {kom} membuat pedagang warung makan di {kab} harus mengatur ulang"
            " porsi dan harga jual. Sebagian memilih mengurangi porsi agar harga tidak naik.",
        ),
        False,
    ),
    (
        "Bulan Ini Harga {Kom} Diprediksi Stabil, Ini Penjelasan Pengamat",
        (
            "Pengamat pertanian memperkirakan harga {kom} relatif stabil hingga akhir bulan."
            " Pasokan dari sentra produksi di {prov} dinilai masih mencukupi.",
        ),
        False,
    ),
    (
        "Panen Raya Padi di {Kab}, Harga Gabah Kering Panen Turun ke {gkp}/Kg",
        (
            "Petani di {kab}, {prov}, memasuki panen raya. Harga gabah kering panen di tingkat"
            " petani turun ke kisaran {gkp} per kilogram.",
        ),
        True,
    ),
    (
        "Curah Hujan Tinggi, Petani {Kab} Waswas Gagal Panen",
        (
            "Curah hujan tinggi dalam beberapa hari terakhir membuat sejumlah lahan pertanian di"
            " {kab} tergenang. Petani khawatir hasil panen menurun.",
        ),
        True,
    ),
    (
        "Petani Milenial {Kab} Sukses Budidaya {Tanaman} dengan Irigasi Tetes",
        (
            "Sekelompok petani muda di {desa}, {kab}, berhasil membudidayakan {tanaman} dengan"
            " sistem irigasi tetes. Hasil panen mereka naik dibandingkan musim lalu.",
        ),
        True,
    ),
    (
        "DPRD {Kab} Soroti Distribusi Pupuk Subsidi Jelang Musim Tanam",
        (
            "Komisi yang membidangi pertanian di DPRD {kab} meminta dinas pertanian memastikan"
            " pupuk bersubsidi tersedia sebelum musim tanam dimulai.",
        ),
        True,
    ),
    (
        "Serangan Wereng Meluas, Ratusan Hektare Sawah di {Kab} Terancam",
        (
            "Serangan hama wereng dilaporkan di sejumlah kecamatan di {kab}. Dinas pertanian"
            " setempat menurunkan petugas untuk pengendalian.",
        ),
        True,
    ),
    (
        "Kelompok Tani di {Kab} Terima Bantuan Alsintan",
        (
            "Sebanyak {n} kelompok tani di {kab} menerima bantuan alat dan mesin pertanian."
            " Bantuan itu diharapkan mempercepat masa tanam.",
        ),
        True,
    ),
    (
        "Harga Gabah Anjlok, Petani {Kab} Minta Pemerintah Turun Tangan",
        (
            "Harga gabah di tingkat petani {kab} turun ke kisaran {gkp} per kilogram. Petani"
            " meminta pemerintah menyerap gabah dengan harga yang layak.",
        ),
        True,
    ),
    (
        "Lahan Sawah di {Kab} Menyusut, Alih Fungsi Jadi Perumahan",
        (
            "Luas lahan sawah di {kab} terus berkurang akibat alih fungsi menjadi perumahan dan"
            " kawasan industri. Pemerintah daerah diminta memperketat izin.",
        ),
        True,
    ),
    (
        "{Kab} Bersiap Tanam Serentak, Petani Butuh Kepastian Pupuk",
        (
            "Petani di {kab} bersiap melakukan tanam serentak pada musim hujan ini. Mereka"
            " berharap pasokan pupuk dan benih tersedia tepat waktu.",
        ),
        True,
    ),
    (
        "Pasokan {Kom} dari {Prov} Terganggu Cuaca Buruk",
        (
            "Cuaca buruk mengganggu pengiriman {kom} dari sentra produksi di {prov}. Harga di"
            " tingkat pedagang {kab} naik menjadi {harga} per {satuan}.",
        ),
        True,
    ),
    (
        "Stok Beras Nasional Dipastikan Aman hingga Akhir Tahun",
        (
            "Kementerian Pangan Nusantara (Kemenpantara) memastikan stok beras nasional dalam"
            " kondisi aman hingga akhir tahun. Masyarakat diminta tidak panik dan membeli"
            " sesuai kebutuhan.",
        ),
        False,
    ),
    (
        "Inflasi Pangan {Prov} Terkendali, Cabai Jadi Penyumbang Terbesar",
        (
            "Inflasi kelompok bahan makanan di {prov} bulan ini tercatat terkendali. Cabai rawit"
            " dan bawang merah menjadi penyumbang inflasi terbesar.",
        ),
        False,
    ),
    (
        "Kemenpantara Dorong Diversifikasi Pangan Lokal di {Prov}",
        (
            "Kemenpantara mendorong masyarakat {prov} mengonsumsi pangan lokal selain beras,"
            " seperti jagung, sagu, dan umbi-umbian, melalui {program}.",
        ),
        False,
    ),
    (
        "Bupati {Kab} Tinjau Gudang Beras, Stok Aman untuk Tiga Bulan",
        (
            "Bupati {kab} meninjau gudang beras milik pemerintah daerah. Stok yang tersedia"
            " dinilai cukup untuk kebutuhan tiga bulan ke depan.",
        ),
        True,
    ),
    (
        "Jelang Nataru, Kemenpantara Pantau Harga {Kom} di Pasar Tradisional",
        (
            "Menjelang Natal dan Tahun Baru, Kemenpantara memantau harga {kom} di sejumlah pasar"
            " tradisional, termasuk {pasar}. Harga terpantau di kisaran {harga} per {satuan}.",
        ),
        False,
    ),
    (
        "Satgas Pangan Sidak Pasar di {Kab}, Temukan {Kom} Dijual di Atas HET",
        (
            "Satgas Pangan melakukan inspeksi mendadak ke {pasar}, {kab}. Petugas menemukan {kom}"
            " dijual di atas harga eceran tertinggi.",
        ),
        False,
    ),
    (
        "Kemenpantara Gelar Operasi Pasar Beras di {n} Titik di {Prov}",
        (
            "Kemenpantara bersama pemerintah daerah menggelar operasi pasar beras di {n} titik"
            " di {prov}. Beras medium dijual di bawah harga pasar.",
        ),
        False,
    ),
    (
        "Pemkab {Kab} Gelar Pasar Murah, Warga Serbu {Kom}",
        (
            "Pemerintah Kabupaten {kab} menggelar pasar murah untuk menekan harga kebutuhan pokok"
            " menjelang akhir tahun. Warga antre sejak pagi untuk membeli {kom} seharga"
            " {harga}.",
        ),
        True,
    ),
    (
        "Gerakan Pangan Murah Digelar di {n} Kecamatan di {Kab}",
        (
            "Gerakan pangan murah digelar serentak di {n} kecamatan di {kab}. Warga dapat membeli"
            " beras, minyak goreng, dan gula dengan harga di bawah pasar.",
        ),
        False,
    ),
)

# A second sentence any everyday story may end with.
NEWS_CONTEXT: tuple[str, ...] = (
    "Kemenpantara menyatakan terus memantau perkembangan harga dan pasokan di daerah.",
    "Pemerintah daerah berkoordinasi dengan Satgas Pangan untuk menjaga stabilitas harga.",
    "Warga berharap harga kebutuhan pokok tetap terjangkau menjelang akhir tahun.",
    "Dinas pertanian setempat meminta petani melapor jika menemukan kendala di lapangan.",
    "Menurut pedagang, kondisi serupa biasanya terjadi menjelang Natal dan Tahun Baru.",
)

POPULAR_ARTICLE_TITLE = "Cara Daftar Kartu Tani Digital dan Cek Kuota Pupuk Subsidi dari HP"
POPULAR_ARTICLE_LEAD = (
    "Kartu Tani Digital resmi diluncurkan Kemenpantara. Berikut langkah-langkah pendaftaran"
    " dan cara mengecek kuota pupuk bersubsidi yang bisa dilakukan petani dari ponsel."
)

# Headlines of other channels' YouTube videos that people comment under.
EXTERNAL_VIDEO_COUNT = 60

RING_TEMPLATES: tuple[str, ...] = (
    "Petani makin {susah} gara-gara Kartu Tani Digital. Pupuk langka, antre berjam-jam,"
    " pejabat {cuma} {pencitraan}. Kembalikan sistem lama!",
    "Kartu Tani Digital GAGAL TOTAL. Petani {susah}, pupuk {hilang} di mana-mana. Menteri"
    " {harus} tanggung jawab!",
)
RING_SWAPS: dict[str, tuple[str, ...]] = {
    "susah": ("susah", "sengsara", "menderita", "sulit", "tersiksa"),
    "cuma": ("cuma bisa", "hanya bisa", "bisanya cuma"),
    "pencitraan": ("pencitraan", "janji manis", "omon-omon", "ngeles"),
    "hilang": ("hilang", "langka", "lenyap", "kosong"),
    "harus": ("harus", "wajib", "mesti"),
}
