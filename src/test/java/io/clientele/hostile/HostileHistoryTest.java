package io.clientele.hostile;

import static io.clientele.testing.JsonAssert.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The customer history route under paging, other merchants' paths, erasure and odd methods. */
class HostileHistoryTest {

  static String history(Hostile h, String merchant, String id, String query) {
    return "/admin/merchants/" + merchant + "/customers/" + id + "/history" + query;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void pagesEveryVersionOnceAndHidesTheCustomerFromOtherMerchantsLiveOrErased(
      TestDatabase.Engine engine) {
    try (Hostile h = Hostile.start(engine)) {
      assertThat(
              h.admin("POST", "/admin/merchants", "{\"merchant_id\":\"m2\",\"name\":\"Two\"}")
                  .statusCode())
          .isEqualTo(201);
      HttpResponse<String> created =
          h.juspay(
              "POST",
              "/customers",
              "object_reference_id=paged-customer&mobile_number=9876543210"
                  + "&email_address=paged%40example.com&first_name=Pagedfirst");
      String id = JsonAssert.parse(created.body()).get("id").textValue();
      for (int i = 0; i < 24; i++) {
        assertThat(h.juspay("POST", "/customers/" + id, "last_name=Last" + (char) ('a' + i)))
            .extracting(HttpResponse::statusCode)
            .isEqualTo(200);
      }

      List<Long> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        HttpResponse<String> page =
            h.admin(
                "GET",
                history(h, "sandbox", id, "?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)),
                "");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonNode body = JsonAssert.parse(page.body());
        body.get("changes").forEach(c -> seen.add(c.get("version").longValue()));
        cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").textValue();
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(4);
      assertThat(seen)
          .containsExactlyElementsOf(LongStream.iterate(25, v -> v - 1).limit(25).boxed().toList());

      assertJson(
          h.admin("GET", history(h, "sandbox", id, "?cursor=1"), "").body(),
          "{\"changes\":[],\"next_cursor\":null}");
      assertThat(
              JsonAssert.parse(
                      h.admin("GET", history(h, "sandbox", id, "?cursor=999999999999999999"), "")
                          .body())
                  .get("changes")
                  .size())
          .isEqualTo(20);

      String foreign =
          "{\"error\":{\"code\":\"customer_not_found\",\"message\":\"Merchant m2 has no customer "
              + id
              + "\"}}";
      HttpResponse<String> live = h.admin("GET", history(h, "m2", id, ""), "");
      assertThat(live.statusCode()).isEqualTo(404);
      assertJson(live.body(), foreign);

      assertThat(h.flowwise("DELETE", "/router/customer/paged-customer", null).statusCode())
          .isEqualTo(204);
      HttpResponse<String> erased = h.admin("GET", history(h, "m2", id, ""), "");
      assertThat(erased.statusCode()).isEqualTo(404);
      assertJson(erased.body(), foreign);

      String all = h.admin("GET", history(h, "sandbox", id, "?limit=100"), "").body();
      assertThat(JsonAssert.parse(all).get("changes").size()).isEqualTo(26);
      assertThat(all).doesNotContain("Pagedfirst").doesNotContain("paged@").doesNotContain("Last");
      assertThat(
              h.query(
                  "select count(*) from customer_changes where customer_id = '"
                      + id
                      + "' and (personal_values is not null or fields like '%Last%'"
                      + " or fields like '%paged@%' or fields like '%Pagedfirst%')"))
          .containsExactly("0");

      HttpResponse<String> head =
          h.server()
              .send(
                  h.server()
                      .admin(history(h, "sandbox", id, ""))
                      .method("HEAD", BodyPublishers.noBody())
                      .build());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
        HttpResponse<String> refused =
            h.server()
                .send(
                    h.server()
                        .admin(history(h, "sandbox", id, ""))
                        .method(method, BodyPublishers.ofString("{}"))
                        .build());
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertJson(
            refused.body(),
            "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\""
                + method
                + " is not served on "
                + history(h, "sandbox", id, "")
                + "\"}}");
      }
      HttpResponse<String> noToken =
          h.server()
              .send(HttpRequest.newBuilder(h.server().http(history(h, "sandbox", id, ""))).build());
      assertThat(noToken.statusCode()).isEqualTo(401);
    }
  }
}
