#version 330 core
// wildcat's lean fragment shader for pyrender: metallic-roughness shading with
// Lambert diffuse, normalised Blinn-Phong specular and Schlick Fresnel, for
// directional, point and spot lights plus ambient. It reads the uniforms
// pyrender sets for its own PBR shader; on a software rasteriser it costs a
// fraction of pyrender's. (pyrender substitutes defines textually: only
// plain #ifdef works here, not defined().)
#define PI 3.14159265

struct Material {
    vec3 emissive_factor;
    vec4 base_color_factor;
    float metallic_factor;
    float roughness_factor;
#ifdef HAS_NORMAL_TEX
    sampler2D normal_texture;
#endif
#ifdef HAS_OCCLUSION_TEX
    sampler2D occlusion_texture;
#endif
#ifdef HAS_EMISSIVE_TEX
    sampler2D emissive_texture;
#endif
#ifdef HAS_BASE_COLOR_TEX
    sampler2D base_color_texture;
#endif
#ifdef HAS_METALLIC_ROUGHNESS_TEX
    sampler2D metallic_roughness_texture;
#endif
};
struct DirectionalLight { vec3 direction; vec3 color; float intensity; };
struct PointLight { vec3 position; vec3 color; float intensity; };
struct SpotLight {
    vec3 position; vec3 direction; vec3 color; float intensity;
    float light_angle_scale; float light_angle_offset;
};

uniform Material material;
uniform DirectionalLight directional_lights[MAX_DIRECTIONAL_LIGHTS];
uniform int n_directional_lights;
uniform PointLight point_lights[MAX_POINT_LIGHTS];
uniform int n_point_lights;
uniform SpotLight spot_lights[MAX_SPOT_LIGHTS];
uniform int n_spot_lights;
uniform vec3 cam_pos;
uniform vec3 ambient_light;

in vec3 frag_position;
#ifdef NORMAL_LOC
in vec3 frag_normal;
#endif
#ifdef TEXCOORD_0_LOC
in vec2 uv_0;
#endif
#ifdef COLOR_0_LOC
in vec4 color_multiplier;
#endif
out vec4 frag_color;

vec3 surface_normal()
{
#ifdef NORMAL_LOC
    vec3 n = normalize(frag_normal);
#else
    vec3 n = normalize(cross(dFdx(frag_position), dFdy(frag_position)));
#endif
#ifdef HAS_NORMAL_TEX
    // Tangent frame from screen-space derivatives (no tangent attribute needed).
    vec3 dp1 = dFdx(frag_position), dp2 = dFdy(frag_position);
    vec2 duv1 = dFdx(uv_0), duv2 = dFdy(uv_0);
    vec3 t = dp1 * duv2.t - dp2 * duv1.t;
    t = t - n * dot(n, t);
    if (dot(t, t) > 1e-12) {
        t = normalize(t);
        vec3 b = cross(n, t);
        vec3 m = texture(material.normal_texture, uv_0).rgb * 2.0 - 1.0;
        n = normalize(mat3(t, b, n) * m);
    }
#endif
    // Double-sided materials: a back face is lit with the normal reversed (glTF rule).
    return gl_FrontFacing ? n : -n;
}

// Reflected radiance of one light arriving from direction l with radiance c.
vec3 shade(vec3 n, vec3 v, vec3 l, vec3 c, vec3 diffuse, vec3 f0, float shininess)
{
    float nl = max(dot(n, l), 0.0);
    vec3 h = normalize(l + v);
    float nh = max(dot(n, h), 0.0);
    float m = 1.0 - max(dot(v, h), 0.0);
    float m2 = m * m;
    vec3 fresnel = f0 + (1.0 - f0) * (m2 * m2 * m);
    float spec = (shininess + 8.0) / (8.0 * PI) * pow(nh, shininess);
    return c * nl * (diffuse / PI + fresnel * spec);
}

void main()
{
    vec4 base = material.base_color_factor;
#ifdef HAS_BASE_COLOR_TEX
    vec4 texel = texture(material.base_color_texture, uv_0);
    base.rgb *= texel.rgb * texel.rgb;  // sRGB to linear, gamma 2 approximation
#endif
#ifdef COLOR_0_LOC
    base *= color_multiplier;
#endif
    float roughness = material.roughness_factor;
    float metallic = material.metallic_factor;
#ifdef HAS_METALLIC_ROUGHNESS_TEX
    vec2 mr = texture(material.metallic_roughness_texture, uv_0).rg;  // pyrender layout: r = roughness, g = metallic
    roughness *= mr.r;
    metallic *= mr.g;
#endif
    roughness = clamp(roughness, 0.05, 1.0);
    metallic = clamp(metallic, 0.0, 1.0);
    float a = roughness * roughness;
    float shininess = 2.0 / (a * a) - 2.0;  // Blinn-Phong exponent matching GGX's width
    vec3 diffuse = base.rgb * (1.0 - 0.04) * (1.0 - metallic);
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);

    vec3 v = normalize(cam_pos - frag_position);
    vec3 n = surface_normal();
    vec3 color = base.rgb * ambient_light;
    for (int i = 0; i < n_directional_lights; i++) {
        DirectionalLight d = directional_lights[i];
        color += shade(n, v, -d.direction, d.color * d.intensity, diffuse, f0, shininess);
    }
    for (int i = 0; i < n_point_lights; i++) {
        vec3 to_light = point_lights[i].position - frag_position;
        float d2 = dot(to_light, to_light);
        vec3 c = point_lights[i].color * (point_lights[i].intensity / d2);
        color += shade(n, v, to_light * inversesqrt(d2), c, diffuse, f0, shininess);
    }
    for (int i = 0; i < n_spot_lights; i++) {
        vec3 to_light = spot_lights[i].position - frag_position;
        float d2 = dot(to_light, to_light);
        vec3 l = to_light * inversesqrt(d2);
        float cone = clamp(dot(spot_lights[i].direction, -l) * spot_lights[i].light_angle_scale + spot_lights[i].light_angle_offset, 0.0, 1.0);
        vec3 c = spot_lights[i].color * (cone * cone * spot_lights[i].intensity / d2);
        color += shade(n, v, l, c, diffuse, f0, shininess);
    }
#ifdef HAS_OCCLUSION_TEX
    color *= texture(material.occlusion_texture, uv_0).r;
#endif
    vec3 emissive = material.emissive_factor;
#ifdef HAS_EMISSIVE_TEX
    vec3 e = texture(material.emissive_texture, uv_0).rgb;
    emissive *= e * e;
#endif
    color += emissive;
    frag_color = vec4(sqrt(clamp(color, 0.0, 1.0)), 1.0);  // linear to sRGB, gamma 2 approximation
}
