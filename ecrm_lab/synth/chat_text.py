"""Vietnamese text of the simulated sales chats: product names, shopper replies, openers and closers.

Seller lines come verbatim from the labelled SPIN bank (``ecrm_lab/data/spin_questions.csv``); the
shopper's lines are written here, per product category and per type of the seller question they
answer, with slots filled per chat: ``{product}`` (a product noun and its brand, e.g. "nồi chiên không
dầu Sen Home"), ``{price}`` (``1.450.000đ``) and ``{me}`` / ``{Me}`` (how the shopper refers to
themself: mình, chị or anh). Hand-written for this project; not taken from real chats.
"""

from __future__ import annotations

__all__ = ["PRODUCT_NOUN", "REPLIES", "OTHER_REPLIES", "OPENERS", "CLOSERS"]

#: A natural noun for a product of each catalogue subcategory.

PRODUCT_NOUN = {
    "Chăm sóc da": "kem dưỡng da", "Trang điểm": "son kem", "Chăm sóc tóc": "dầu gội",
    "Nước hoa": "nước hoa", "Dụng cụ nhà bếp": "bộ dao nhà bếp", "Chăn ga gối": "bộ chăn ga",
    "Đồ trang trí": "đèn trang trí", "Vệ sinh nhà cửa": "nước lau sàn", "Áo nữ": "áo sơ mi nữ",
    "Váy đầm": "váy đầm", "Túi xách": "túi xách", "Áo nam": "áo polo nam", "Quần nam": "quần âu nam",
    "Giày dép": "giày sneaker", "Điện thoại": "điện thoại", "Ốp lưng & Cường lực": "ốp lưng",
    "Tai nghe": "tai nghe bluetooth", "Sạc & Cáp": "củ sạc nhanh", "Nồi cơm điện": "nồi cơm điện",
    "Nồi chiên không dầu": "nồi chiên không dầu", "Máy xay sinh tố": "máy xay sinh tố",
    "Quạt điện": "quạt điện", "Tã bỉm": "bỉm", "Sữa bột": "sữa bột",
    "Đồ chơi trẻ em": "bộ đồ chơi xếp hình", "Đồ ăn vặt": "hộp đồ ăn vặt",
    "Cà phê & Trà": "cà phê rang xay", "Thực phẩm khô": "hộp hạt dinh dưỡng",
    "Quần áo thể thao": "bộ đồ tập", "Dụng cụ tập luyện": "thảm tập yoga", "Sách": "bộ sách",
    "Văn phòng phẩm": "bộ bút ký", "Laptop": "laptop", "Chuột & Bàn phím": "bàn phím cơ",
    "Thiết bị lưu trữ": "ổ cứng di động",
}  # fmt: skip

#: Shopper replies by category and by the type of the seller question they answer. Slots: {me}/{Me}
#: (how the shopper refers to themself: mình, chị or anh), {product} and {price}.
REPLIES: dict[str, dict[str, list[str]]] = {
    "phones": {
        "S": [
            "{Me} đang dùng một máy Android cũ, được hơn hai năm rồi.",
            "Chủ yếu {me} lướt Facebook, gọi Zalo với chụp ảnh thôi em.",
            "{Me} mua {product} cho mẹ dùng.",
            "Máy hiện tại của {me} 128GB, sạc ngày một lần.",
        ],
        "P": [
            "Có, pin tụt nhanh lắm, mới chiều là hết.",
            "Đúng rồi, máy hay nóng với giật khi mở nhiều ứng dụng.",
            "Thỉnh thoảng thôi, chủ yếu là chụp buổi tối bị nhòe.",
            "Cũng không hẳn, chỉ là sạc lâu quá.",
        ],
        "I": [
            "Hết pin giữa đường là mất liên lạc với khách luôn, phiền lắm.",
            "Ừ, nhiều hôm {me} lỡ cả cuộc gọi công việc.",
            "Nói vậy mới thấy mất thời gian thật, lúc nào cũng phải mang sạc dự phòng.",
            "Ảnh chụp cho con bị mờ hết, tiếc lắm em.",
        ],
        "N": [
            "Nếu {product} dùng được cả ngày thì {me} yên tâm đi làm hơn nhiều.",
            "Được vậy thì khỏi phải kè kè sạc dự phòng nữa.",
            "Chụp đẹp hơn thì {me} đỡ phải chụp đi chụp lại.",
            "Vậy thì {price} cũng đáng đó em.",
        ],
    },
    "computers": {
        "S": [
            "{Me} dùng máy chủ yếu để làm văn phòng với họp online.",
            "Máy cũ của {me} mua từ hồi sinh viên, cũng năm năm rồi.",
            "{Me} hay làm việc ở quán cà phê nên cần đồ gọn nhẹ.",
            "{Me} tính mua {product} cho con học online.",
        ],
        "P": [
            "Có, máy khởi động lâu mà hay đơ lắm.",
            "Đúng là máy nóng, quạt kêu to.",
            "Pin giờ chỉ được hơn một tiếng thôi em.",
            "Bàn phím cũ bị liệt mấy phím rồi.",
        ],
        "I": [
            "Họp online mà máy đơ là bị sếp nhắc liền.",
            "Ừ, nhiều hôm phải mang việc về làm đêm vì máy chậm.",
            "Cứ phải ngồi gần ổ điện, đi đâu cũng bất tiện.",
            "Gõ sai hoài nên làm báo cáo mất gấp đôi thời gian.",
        ],
        "N": [
            "Máy chạy nhanh hơn thì {me} xong việc sớm, đỡ phải thức khuya.",
            "Nếu {product} nhẹ và bền thì {me} mang đi làm thoải mái hơn.",
            "Được vậy thì họp online yên tâm hơn hẳn.",
            "Ừ, vậy thì bỏ {price} cũng xứng đáng.",
        ],
    },
    "appliances": {
        "S": [
            "Nhà {me} có bốn người, tối nào cũng nấu cơm.",
            "{Me} đang dùng đồ cũ mua từ hồi mới cưới.",
            "Bếp nhà {me} nhỏ nên cần đồ gọn.",
            "{Me} định mua {product} tặng mẹ.",
        ],
        "P": [
            "Có, nồi cũ hay bị khê đáy lắm.",
            "Đúng rồi, cái cũ chạy ồn quá.",
            "Máy cũ xay không nhuyễn, còn lợn cợn.",
            "Cũng có, dây điện hay bị nóng nên hơi sợ.",
        ],
        "I": [
            "Sáng nào cũng phải dậy sớm canh bếp, mệt lắm.",
            "Ồn quá nên con nhỏ ngủ không ngon.",
            "Nói vậy mới thấy vừa tốn điện mà đồ ăn cũng không ngon.",
            "Lỡ chập cháy thì nguy hiểm cho cả nhà thật.",
        ],
        "N": [
            "Hẹn giờ được thì sáng {me} ngủ thêm được chút.",
            "Nếu {product} chạy êm thì cả nhà ngủ ngon hơn.",
            "Vậy thì nấu nướng nhanh hơn, có thêm thời gian chơi với con.",
            "An toàn hơn thì {price} cũng đáng.",
        ],
    },
    "beauty": {
        "S": [
            "Da {me} hỗn hợp, hơi dầu vùng chữ T.",
            "{Me} đang dùng sữa rửa mặt với kem chống nắng thôi.",
            "{Me} hay trang điểm nhẹ đi làm.",
            "{Me} mua {product} cho bản thân dùng.",
        ],
        "P": [
            "Có, da dạo này hay nổi mụn ẩn.",
            "Đúng rồi, son cũ hay bị trôi sau khi ăn.",
            "Tóc {me} khô xơ, chẻ ngọn nhiều lắm.",
            "Cũng có, chiều về là mặt bóng dầu.",
        ],
        "I": [
            "Mụn nhiều nên {me} ngại gặp khách hàng lắm.",
            "Ừ, cứ phải dặm lại suốt, mất thời gian.",
            "Lên ảnh không được tươi, {me} hơi tự ti.",
            "Nói vậy mới thấy tốn tiền thử hết món này đến món kia.",
        ],
        "N": [
            "Da đỡ mụn thì {me} tự tin hơn nhiều.",
            "Nếu {product} giữ được cả ngày thì tiện quá.",
            "Vậy thì sáng {me} đỡ mất thời gian chuẩn bị.",
            "Được vậy thì {price} {me} thấy hợp lý.",
        ],
    },
    "fashion": {
        "S": [
            "{Me} cao 1m60, nặng khoảng 50 ký.",
            "{Me} mặc chủ yếu đi làm văn phòng.",
            "{Me} hay mặc size M em ạ.",
            "{Me} mua {product} để đi đám cưới bạn.",
        ],
        "P": [
            "Có, đồ cũ mặc hay bị nhăn.",
            "Đúng rồi, mua online hay bị rộng.",
            "Vải cũ mặc nóng, bí lắm.",
            "Đôi cũ đi lâu bị đau chân.",
        ],
        "I": [
            "Đổi trả mấy lần vừa mất công vừa mất phí ship.",
            "Ừ, đi làm cả ngày mà bí là khó chịu lắm.",
            "Đau chân nên nhiều hôm phải mang dép đi làm, không lịch sự.",
            "Mặc không vừa thì chụp ảnh không đẹp, tiếc lắm.",
        ],
        "N": [
            "Vừa ngay lần đầu thì khỏi phải đổi trả, tiện quá.",
            "Nếu {product} mát thì {me} mặc đi làm thoải mái hơn.",
            "Vậy thì đi tiệc {me} tự tin hơn hẳn.",
            "Được vậy thì {price} cũng đáng đồng tiền.",
        ],
    },
    "baby": {
        "S": [
            "Bé nhà {me} được tám tháng rồi.",
            "Bé đang dùng bỉm dán size M.",
            "Bé bú mẹ kết hợp sữa công thức em ạ.",
            "{Me} mua {product} cho bé thứ hai.",
        ],
        "P": [
            "Có, bé hay bị hăm đỏ lắm.",
            "Đúng rồi, uống loại cũ bé hay bị táo bón.",
            "Bỉm cũ hay bị tràn ban đêm.",
            "Đồ chơi cũ bé chơi được mấy hôm là chán.",
        ],
        "I": [
            "Bé khó chịu nên đêm quấy khóc, cả nhà mất ngủ.",
            "Ừ, bé biếng ăn nên {me} lo chậm tăng cân.",
            "Tràn bỉm là phải thay cả ga giường lúc nửa đêm, mệt lắm.",
            "Nói vậy mới thấy tốn tiền mua mà bé không chơi.",
        ],
        "N": [
            "Bé ngủ ngon thì cả nhà cũng được nghỉ ngơi.",
            "Nếu {product} hợp với bé thì {me} yên tâm đi làm hơn.",
            "Vậy thì đỡ phải giặt giũ ban đêm nhiều.",
            "Được vậy thì {price} {me} thấy đáng.",
        ],
    },
    "food": {
        "S": [
            "Nhà {me} sáng nào cũng uống cà phê.",
            "{Me} mua đồ ăn vặt cho cả văn phòng.",
            "{Me} hay nấu ăn vào cuối tuần thôi.",
            "{Me} mua {product} để làm quà Tết.",
        ],
        "P": [
            "Có, mua ngoài hay bị gần hết hạn.",
            "Đúng rồi, loại cũ hơi chua, không hợp khẩu vị.",
            "Đồ ngoài chợ {me} không rõ nguồn gốc.",
            "Cũng có, mua lẻ hay bị thiếu.",
        ],
        "I": [
            "Hết hạn phải bỏ đi, phí tiền lắm.",
            "Ừ, không rõ nguồn gốc thì lo cho sức khỏe cả nhà.",
            "Cứ phải chạy ra tiệm mua lẻ, tốn thời gian.",
            "Quà Tết mà không đẹp thì ngại với người nhận.",
        ],
        "N": [
            "Rõ nguồn gốc thì {me} yên tâm cho con ăn.",
            "Nếu {product} để được lâu thì {me} mua một lần dùng cả tháng.",
            "Vậy thì sáng nào cũng có ly cà phê ngon, thích quá.",
            "Được vậy thì {price} là hợp lý.",
        ],
    },
    "home": {
        "S": [
            "Nhà {me} là căn hộ hai phòng ngủ.",
            "{Me} đang dùng đồ loại thường thôi.",
            "Nhà {me} có nuôi một bé mèo.",
            "{Me} mua {product} cho nhà mới.",
        ],
        "P": [
            "Có, đồ cũ dùng một thời gian là xuống cấp.",
            "Đúng rồi, bếp hay bị dầu mỡ bám khó lau.",
            "Nhà {me} hơi bí, mùa nồm là ẩm mốc.",
            "Đồ cũ dùng nhanh hỏng quá.",
        ],
        "I": [
            "Ngủ không ngon nên sáng dậy mệt lắm.",
            "Ừ, cuối tuần nào cũng mất cả buổi lau dọn.",
            "Ẩm mốc thì con hay bị dị ứng, lo lắm.",
            "Cứ hỏng rồi mua lại, tính ra tốn kém.",
        ],
        "N": [
            "Ngủ ngon hơn thì đi làm có sức hơn.",
            "Nếu {product} dễ lau chùi thì cuối tuần {me} được nghỉ ngơi.",
            "Vậy thì nhà thoáng hơn, cả nhà khỏe hơn.",
            "Dùng bền thì {price} cũng không tiếc.",
        ],
    },
    "sports": {
        "S": [
            "{Me} chạy bộ ba buổi một tuần.",
            "{Me} tập ở nhà là chính.",
            "{Me} mới bắt đầu tập yoga được hai tháng.",
            "{Me} mua {product} cho chồng đi đá bóng.",
        ],
        "P": [
            "Có, đồ cũ ra mồ hôi là dính người.",
            "Đúng rồi, tập lâu hay bị đau gối.",
            "Đồ cũ hơi nặng, khó cất.",
            "Cũng có, đồ cũ bị trơn.",
        ],
        "I": [
            "Bí quá nên tập được một lúc là muốn nghỉ.",
            "Ừ, đau gối nên có tuần phải nghỉ tập luôn.",
            "Nhà chật mà đồ cồng kềnh thì vướng cả nhà.",
            "Lỡ trượt ngã chấn thương thì phải nghỉ làm luôn.",
        ],
        "N": [
            "Thoáng mát thì {me} tập lâu hơn được.",
            "Nếu {product} đỡ đau gối thì {me} tập đều đặn hơn.",
            "Vậy thì tập xong cất gọn, nhà cũng gọn.",
            "An toàn hơn thì {price} cũng đáng.",
        ],
    },
    "books": {
        "S": [
            "{Me} mua cho con học lớp năm.",
            "{Me} hay đọc sách kinh doanh buổi tối.",
            "{Me} cần đồ dùng cho cả phòng làm việc.",
            "{Me} mua {product} làm quà cho bạn.",
        ],
        "P": [
            "Có, sách cũ chữ nhỏ nên con khó đọc.",
            "Đúng rồi, bút cũ hay bị tắc mực.",
            "Mua ngoài hay bị sách in lậu.",
            "Cũng có, {me} hay đọc bỏ dở giữa chừng.",
        ],
        "I": [
            "Con đọc lâu bị mỏi mắt, {me} lo lắm.",
            "Ừ, đang ký hợp đồng mà tắc mực thì kỳ lắm.",
            "Sách lậu in mờ, đọc vừa mệt vừa phí tiền.",
            "Bỏ dở hoài nên cuối năm chẳng đọc xong cuốn nào.",
        ],
        "N": [
            "Con thích đọc thì {me} đỡ phải nhắc.",
            "Nếu {product} viết trơn thì làm việc nhanh hơn.",
            "Vậy thì mua hàng chính hãng cho yên tâm.",
            "Được vậy thì {price} rất đáng.",
        ],
    },
}
#: Replies to the non-SPIN seller lines (greetings, delivery, payment, closing), any category.
OTHER_REPLIES = [
    "Ok em.", "Dạ được em.", "Giao giờ hành chính giúp {me} nhé.", "Để {me} xem lại rồi báo em.",
    "Em gửi {me} thêm ảnh thật của {product} nhé.", "Có mã giảm giá không em?",
    "{Me} thanh toán khi nhận hàng nhé.", "Cảm ơn em nhiều.",
]  # fmt: skip
OPENERS = {
    "mình": [
        "Shop ơi, {product} này còn hàng không ạ?", "Cho mình hỏi {product} giá {price} phải không shop?",
        "Mình đang xem {product}, tư vấn giúp mình với.", "Shop ơi, mình muốn hỏi về {product}.",
    ],
    "chị": [
        "Em ơi, chị đang xem {product}, tư vấn giúp chị với.", "Em ơi, {product} này giá {price} hả em?",
        "Shop ơi, chị hỏi chút về {product} nhé.",
    ],
    "anh": [
        "Em ơi, tư vấn giúp anh {product} này với.", "Anh đang tính mua {product}, em tư vấn giúp anh.",
        "Shop ơi, {product} giá {price} còn giảm nữa không em?",
    ],
}  # fmt: skip
CLOSERS = {
    True: [
        "Ok em, chốt đơn {product} giúp {me} nhé.", "Vậy lấy cho {me} một cái nhé em.",
        "Được, {me} đặt luôn nhé.",
    ],
    False: [
        "Để {me} suy nghĩ thêm đã nhé.", "{Me} tham khảo thêm rồi báo em sau.",
        "Giá {price} hơi quá ngân sách, để {me} cân nhắc.", "Cảm ơn em, {me} xem thêm đã.",
    ],
}  # fmt: skip
